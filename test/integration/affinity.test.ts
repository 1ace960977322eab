// DATABASE_AFFINITY (lib/infra/db/pool.ts tenantPgPool): tenant transactions go through the PgBouncer
// alias their schema hashes to, so each server connection serves a fixed share of the tenants.
// The global cluster has two aliases of the test database, quorum_a0 and quorum_a1 (pool_size 2).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { affinityIndex, closePools, directDb, tenantPgPool } from '@/lib/infra/db/pool';
import { nodeSlotsSettled, resetNodeSlots } from '@/lib/infra/db/node-slots';
import { mapLimit, migrateShared, migrateTenants } from '@/lib/tenancy/migrate/runner';
import { provisionTenant } from '@/lib/platform/provision-tenant';
import { stopTenancyListener } from '@/lib/tenancy/resolve-host';
import { tenantStatement, withTenant } from '@/lib/tenancy/with-tenant';
import { testEnv } from '@/harness/env';

const env = testEnv();
const ALIASES = ['quorum_a0', 'quorum_a1'];
const SCHEMAS = Array.from({ length: 12 }, (_, i) => `aff_${i}`);
let admin: pg.Client;

/** PgBouncer's clients of each alias linked to a server right now, i.e. inside a transaction (SHOW CLIENTS is live; SHOW STATS is not). */
async function activeClientsByDatabase(): Promise<Record<string, number>> {
  const r = await admin.query('SHOW CLIENTS');
  const out: Record<string, number> = {};
  for (const row of r.rows) if (row.link && ALIASES.includes(row.database)) out[row.database] = (out[row.database] ?? 0) + 1;
  return out;
}

beforeAll(async () => {
  if (!env.pgbouncerAdminUrl) throw new Error('this test needs PgBouncer');
  process.env.QUORUM_NO_LISTEN = '1';
  await migrateShared(directDb());
  await migrateTenants(directDb(), { concurrency: 4 });
  for (const s of SCHEMAS) {
    await provisionTenant(directDb(), { schema: s, name: s, domain: `${s.replace('_', '-')}.localhost` });
    await withTenant({ schema: s }, (db) =>
      db
        .insertInto('polls')
        .values({ question: `q of ${s}` })
        .execute(),
    );
  }
  admin = new pg.Client({ connectionString: env.pgbouncerAdminUrl });
  await admin.connect();
  process.env.DATABASE_AFFINITY = ALIASES.join(',');
}, 90_000);

afterAll(async () => {
  delete process.env.DATABASE_AFFINITY;
  delete process.env.QUORUM_NO_LISTEN;
  await admin?.end();
  await stopTenancyListener();
  await closePools();
});

describe('tenant affinity (DATABASE_AFFINITY)', () => {
  it('spreads schemas over the aliases, the same way every time', () => {
    const idx = SCHEMAS.map((s) => affinityIndex(s, ALIASES.length));
    expect(new Set(idx).size).toBe(2);
    expect(SCHEMAS.map((s) => affinityIndex(s, ALIASES.length))).toEqual(idx);
    // Each schema gets one pool, and it is the same object on every call.
    for (const s of SCHEMAS) expect(tenantPgPool(s)).toBe(tenantPgPool(s));
    const a = SCHEMAS.find((s) => affinityIndex(s, 2) === 0)!;
    const b = SCHEMAS.find((s) => affinityIndex(s, 2) === 1)!;
    expect(tenantPgPool(a)).not.toBe(tenantPgPool(b));
  });

  it("a tenant transaction runs on its schema's alias, in its own schema", async () => {
    for (const s of SCHEMAS) {
      const alias = ALIASES[affinityIndex(s, ALIASES.length)];
      const seen = await withTenant({ schema: s }, async (db) => {
        const rows = await db.selectFrom('polls').select('question').execute();
        return { questions: rows.map((r) => r.question), active: await activeClientsByDatabase() };
      });
      expect(seen.questions).toEqual([`q of ${s}`]);
      expect(seen.active[alias], `${s} → ${alias}`).toBe(1);
      expect(Object.keys(seen.active)).toEqual([alias]);
    }
  });

  // 48 in flight: above each alias pool (5 clients) and PgBouncer's pool (2 servers per alias), so
  // transactions queue and interleave, without waiting past the pool's 3 s connect timeout on a busy box.
  it('600 transactions, 48 at a time, over the aliases: each sees its own schema and rows only', async () => {
    const jobs = Array.from({ length: 600 }, (_, i) => ({ s: SCHEMAS[i % SCHEMAS.length], i }));
    const results = await mapLimit(jobs, 48, ({ s, i }) =>
      i % 2 === 0
        ? withTenant({ schema: s }, async (db) => {
            const path = await db
              .selectNoFrom((eb) => eb.fn<string>('current_setting', [eb.val('search_path')]).as('p'))
              .executeTakeFirstOrThrow();
            const rows = await db.selectFrom('polls').select('question').execute();
            return { s, path: path.p, questions: rows.map((r) => r.question) };
          })
        : tenantStatement({ schema: s }, (db) => db.selectFrom('polls').select('question')).then((rows) => ({
            s,
            path: `"${s}"`,
            questions: rows.map((r) => r.question),
          })),
    );
    const wrong = results.filter((r) => r.path !== `"${r.s}"` || r.questions.length !== 1 || r.questions[0] !== `q of ${r.s}`);
    expect(wrong).toEqual([]);
  }, 60_000);

  it('DATABASE_AFFINITY_BY=node on plain PostgreSQL: no worker to go by, so the hash of the name', async () => {
    const byHash = SCHEMAS.map((s) => tenantPgPool(s));
    process.env.DATABASE_AFFINITY_BY = 'node';
    try {
      resetNodeSlots();
      tenantPgPool(SCHEMAS[0]); // starts the read of the (absent) Citus catalog
      await nodeSlotsSettled();
      expect(SCHEMAS.map((s) => tenantPgPool(s))).toEqual(byHash);
      const seen = await withTenant({ schema: SCHEMAS[1] }, async (db) => ({
        questions: (await db.selectFrom('polls').select('question').execute()).map((r) => r.question),
        active: await activeClientsByDatabase(),
      }));
      expect(seen.questions).toEqual([`q of ${SCHEMAS[1]}`]);
      expect(Object.keys(seen.active)).toEqual([ALIASES[affinityIndex(SCHEMAS[1], 2)]]);
    } finally {
      delete process.env.DATABASE_AFFINITY_BY;
    }
  });

  it('refuses an alias list that is not database names', () => {
    process.env.DATABASE_AFFINITY = 'quorum_a0,bad/name';
    try {
      expect(() => tenantPgPool('aff_0')).toThrow(/not a database name/);
    } finally {
      process.env.DATABASE_AFFINITY = ALIASES.join(',');
    }
  });
});
