// DATABASE_AFFINITY_BY=node (issue 21, part 4; lib/infra/db/node-slots.ts): on Citus each tenant's
// transactions go through the PgBouncer alias of its worker, so the coordinator backends that a
// hung worker spoils (and their cold replacements) never serve the other worker's tenants. The
// Citus test cluster has two aliases of the coordinator's database, quorum_w0 and quorum_w1.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePools, directDb, pooledPgPool, tenantPgPool } from '@/lib/infra/db/pool';
import { nodePlacement, nodeSlotsSettled, resetNodeSlots } from '@/lib/infra/db/node-slots';
import { migrateShared } from '@/lib/tenancy';
import { moveTenant, tenantNodes } from '@/lib/platform/placement';
import { provisionTenant } from '@/lib/platform/provision-tenant';
import { stopTenancyListener } from '@/lib/tenancy/resolve-host';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { testEnv } from '@/harness/env';

const env = testEnv();
const ALIASES = ['quorum_w0', 'quorum_w1'];
let admin: pg.Client;

/** The PgBouncer database of a pool (its URL's path). */
const databaseOf = (pool: pg.Pool) =>
  new URL((pool as unknown as { options: { connectionString: string } }).options.connectionString).pathname.slice(1);

/** PgBouncer's clients of each alias linked to a server right now (inside a transaction). */
async function activeClientsByDatabase(): Promise<Record<string, number>> {
  const r = await admin.query('SHOW CLIENTS');
  const out: Record<string, number> = {};
  for (const row of r.rows) if (row.link && ALIASES.includes(row.database)) out[row.database] = (out[row.database] ?? 0) + 1;
  return out;
}

async function placeOn(schema: string, worker: string): Promise<void> {
  if ((await tenantNodes(directDb(), [schema])).get(schema) !== worker) await moveTenant(directDb(), schema, worker);
}

/** Reads the schema → worker map again now (as the 10 s refresh would) and waits for it. */
async function reread(): Promise<void> {
  resetNodeSlots();
  nodePlacement('-', pooledPgPool());
  await nodeSlotsSettled();
}

beforeAll(async () => {
  process.env.QUORUM_NO_LISTEN = '1';
  await migrateShared(directDb());
  const [w1, w2] = env.citusWorkers!;
  for (const [s, w] of [
    ['na_2', w1],
    ['na_1', w2],
    ['na_4', w1],
  ] as const) {
    await provisionTenant(directDb(), { schema: s, name: s, domain: `${s.replace('_', '-')}.localhost` });
    await placeOn(s, w);
    await withTenant({ schema: s }, (db) =>
      db
        .insertInto('polls')
        .values({ question: `q of ${s}` })
        .execute(),
    );
  }
  admin = new pg.Client({ connectionString: env.pgbouncerAdminUrl! });
  await admin.connect();
  process.env.DATABASE_AFFINITY = ALIASES.join(',');
  process.env.DATABASE_AFFINITY_BY = 'node';
}, 120_000);

afterAll(async () => {
  delete process.env.DATABASE_AFFINITY;
  delete process.env.DATABASE_AFFINITY_BY;
  delete process.env.QUORUM_NO_LISTEN;
  resetNodeSlots();
  await admin?.end();
  await stopTenancyListener();
  await closePools();
});

describe('DATABASE_AFFINITY_BY=node on Citus', () => {
  it("sends each tenant's transactions through its worker's alias, in its own schema", async () => {
    await reread();
    // Workers in groupid order: worker 1 → the first alias, worker 2 → the second. The names are
    // chosen so that the hash of each (affinityIndex: na_2 → 1, na_1 → 0, na_4 → 1) says otherwise.
    expect(['na_2', 'na_1', 'na_4'].map((s) => databaseOf(tenantPgPool(s)))).toEqual(['quorum_w0', 'quorum_w1', 'quorum_w0']);
    for (const [s, alias] of [
      ['na_2', 'quorum_w0'],
      ['na_1', 'quorum_w1'],
      ['na_4', 'quorum_w0'],
    ] as const) {
      const seen = await withTenant({ schema: s }, async (db) => ({
        questions: (await db.selectFrom('polls').select('question').execute()).map((r) => r.question),
        active: await activeClientsByDatabase(),
      }));
      expect(seen.questions).toEqual([`q of ${s}`]);
      expect(seen.active, s).toEqual({ [alias]: 1 });
    }
  });

  it('a schema the map does not list (not distributed) goes by the hash of its name', async () => {
    await reread();
    expect(nodePlacement('no_such_tenant', pooledPgPool())).toBeUndefined();
    expect(nodePlacement('na_1', pooledPgPool())).toEqual({ slot: 1, workers: 2 });
    expect(ALIASES).toContain(databaseOf(tenantPgPool('no_such_tenant')));
  });

  it("follows a tenant's move to the other worker at the next read of the map", async () => {
    const [w1, w2] = env.citusWorkers!;
    await reread();
    expect(databaseOf(tenantPgPool('na_4'))).toBe('quorum_w0');
    await placeOn('na_4', w2);
    try {
      // Until the map is read again the tenant keeps its old worker's alias (still correct: one database).
      expect(databaseOf(tenantPgPool('na_4'))).toBe('quorum_w0');
      await reread();
      expect(databaseOf(tenantPgPool('na_4'))).toBe('quorum_w1');
      const questions = await withTenant({ schema: 'na_4' }, async (db) =>
        (await db.selectFrom('polls').select('question').execute()).map((r) => r.question),
      );
      expect(questions).toEqual(['q of na_4']);
    } finally {
      await placeOn('na_4', w1);
    }
  }, 120_000);
});
