import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePools, directDb } from '@/lib/infra/db/pool';
import { migrateShared } from '@/lib/tenancy';
import { stopTenancyListener } from '@/lib/tenancy/resolve-host';
import { seedTenants } from '@/lib/cli/seed';
import { moveTenant, tenantNodes } from '@/lib/platform/placement';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { testEnv } from '@/harness/env';
import { expectOneLineError, runCli } from '@/harness/run-cli';

// The placement commands (list --json node, nodes, move, rebalance) on the Citus test cluster,
// their one-line refusals, and a move while a tenant is being written to.

const env = testEnv();
const workers = env.citusWorkers ?? [];
const other = (node: string) => workers.find((w) => w !== node)!;

async function nodeOf(schema: string): Promise<string | undefined> {
  return (await tenantNodes(directDb(), [schema])).get(schema);
}

beforeAll(async () => {
  await migrateShared(directDb());
  await seedTenants(directDb(), { tenants: 4, polls: 2, choices: 2, votes: 3, prefix: 'mv', password: 'mv-password' });
  // A tenant whose schema is local (created with sharding off): listed, but not movable.
  const su = new pg.Client({ connectionString: env.superuserUrl });
  await su.connect();
  try {
    await su.query('begin');
    await su.query('set local citus.enable_schema_based_sharding = off');
    await su.query('create schema mv_local authorization quorum');
    await su.query("insert into public.tenants (schema_name, name) values ('mv_local', 'Local')");
    await su.query('commit');
  } finally {
    await su.end();
  }
});

afterAll(async () => {
  // The fake local tenant has no tables: other files' migration runs over all tenants would trip on it.
  await directDb().deleteFrom('public.tenants').where('schema_name', '=', 'mv_local').execute();
  await sql`drop schema if exists mv_local`.execute(directDb());
  await stopTenancyListener();
  await closePools();
});

describe('tenants CLI placement on Citus', () => {
  it('list --json gives every distributed tenant its worker, null for a local schema', async () => {
    const r = await runCli('list', '--json');
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as { schema_name: string; node: string | null }[];
    const mine = rows.filter((t) => t.schema_name.startsWith('mv_'));
    expect(mine.map((t) => t.schema_name).sort()).toEqual(['mv_1', 'mv_2', 'mv_3', 'mv_4', 'mv_local']);
    for (const t of mine) {
      if (t.schema_name === 'mv_local') expect(t.node).toBeNull();
      else expect(workers).toContain(t.node);
    }
  });

  it('nodes lists both workers with tenant counts and sizes', async () => {
    const r = await runCli('nodes', '--json');
    expect(r.code, r.stderr).toBe(0);
    const nodes = JSON.parse(r.stdout) as { node: string; tenants: number; bytes: number }[];
    expect(nodes.map((n) => n.node)).toEqual(workers);
    const placed = await tenantNodes(directDb());
    for (const n of nodes) {
      expect(n.tenants).toBe([...placed.values()].filter((x) => x === n.node).length);
      if (n.tenants > 0) expect(n.bytes).toBeGreaterThan(0);
    }
    const text = await runCli('nodes');
    expect(text.stdout).toMatch(/^node\s+tenants\s+size/);
  });

  it('move puts a tenant on the other worker, prints duration and size, and keeps its data', async () => {
    const from = (await nodeOf('mv_1'))!;
    const to = other(from);
    const r = await runCli('move', '--schema', 'mv_1', '--node', to);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^moved 'mv_1' from ${from} to ${to}: [\\d.]+ (kB|MB) in \\d+ ms`));
    expect(await nodeOf('mv_1')).toBe(to);
    const votes = await withTenant({ schema: 'mv_1' }, (db) =>
      db.selectFrom('votes').select(db.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    );
    expect(Number(votes.n)).toBe(6);
  });

  it.each([
    ['an unknown node', ['--schema', 'mv_2', '--node', 'localhost:1'], /localhost:1 is not an active Citus worker/],
    ['a malformed node', ['--schema', 'mv_2', '--node', 'nowhere'], /expected HOST:PORT/],
    ['a tenant that does not exist', ['--schema', 'mv_nope', '--node', 'WORKER0'], /no tenant with schema 'mv_nope'/],
    ['a tenant that is not distributed', ['--schema', 'mv_local', '--node', 'WORKER0'], /'mv_local' is not distributed/],
  ])('move refuses %s in one line and changes nothing', async (_what, args, pattern) => {
    const before = await tenantNodes(directDb());
    expectOneLineError(await runCli('move', ...args.map((a) => (a === 'WORKER0' ? workers[0] : a))), pattern);
    expect(await tenantNodes(directDb())).toEqual(before);
  });

  it('move refuses the node the tenant is already on', async () => {
    const here = (await nodeOf('mv_2'))!;
    expectOneLineError(await runCli('move', '--schema', 'mv_2', '--node', here), /already on/);
    expect(await nodeOf('mv_2')).toBe(here);
  });

  it('a move loses no acknowledged write and fails no request while the tenant is written to', async () => {
    const from = (await nodeOf('mv_3'))!;
    let stop = false;
    let acked = 0;
    let slowest = 0;
    const failures: string[] = [];
    // The move's switch-over pauses the tenant's writes (~0.5 s here with six busy loops beside it).
    // What is tested is the move: that it loses and fails nothing. The request budgets of issue 21
    // (queue 1.5 s, statement timeout 1.9 s) would turn a pause stretched by a busy CI machine into
    // a 503, as they should; the writers get their own generous limits, as an operator sets them
    // per tenant (tenants limits), so that the pause is measured and not cut off.
    const tenant = { schema: 'mv_3', statementTimeoutMs: 20_000, maxConcurrency: 3 };
    const writer = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const t0 = performance.now();
        try {
          await withTenant(tenant, (db) =>
            db
              .insertInto('polls')
              .values({ question: `during move ${w}/${i}`, created_by: null })
              .execute(),
          );
          acked++;
        } catch (err) {
          failures.push((err as Error).message);
        }
        slowest = Math.max(slowest, performance.now() - t0);
      }
    };
    const writers = [0, 1, 2].map(writer);
    await new Promise((r) => setTimeout(r, 200));
    const result = await moveTenant(directDb(), 'mv_3', other(from));
    await new Promise((r) => setTimeout(r, 200));
    stop = true;
    await Promise.all(writers);
    expect(failures, `the slowest write took ${Math.round(slowest)} ms; the move ${Math.round(result.ms)} ms`).toEqual([]);
    expect(result.to).toBe(other(from));
    expect(await nodeOf('mv_3')).toBe(other(from));
    const rows = await withTenant({ schema: 'mv_3' }, (db) =>
      db.selectFrom('polls').select(db.fn.countAll<string>().as('n')).where('question', 'like', 'during move %').executeTakeFirstOrThrow(),
    );
    expect(acked).toBeGreaterThan(10);
    expect(Number(rows.n)).toBe(acked);
  });

  it('rebalance spreads tenants evenly and reports its moves', async () => {
    // New tenants while the second worker takes none: all land on the first; then rebalance.
    const su = new pg.Client({ connectionString: env.superuserUrl });
    await su.connect();
    const [host, port] = workers[1].split(':');
    // Other suites of this project share the cluster and may have left more tenants on the second
    // worker: seed enough onto the first that the spread is off by more than one whatever they left.
    const before = new Map<string, number>(workers.map((w) => [w, 0]));
    for (const node of (await tenantNodes(directDb())).values()) before.set(node, (before.get(node) ?? 0) + 1);
    const seeded = 6 + Math.max(0, (before.get(workers[1]) ?? 0) - (before.get(workers[0]) ?? 0));
    try {
      await su.query(`select citus_set_node_property($1, $2, 'shouldhaveshards', false)`, [host, Number(port)]);
      await seedTenants(directDb(), { tenants: seeded, polls: 1, choices: 1, votes: 0, prefix: 'rb', password: 'rb-password' });
    } finally {
      await su.query(`select citus_set_node_property($1, $2, 'shouldhaveshards', true)`, [host, Number(port)]);
      await su.end();
    }
    const spread = async () => {
      const counts = new Map<string, number>(workers.map((w) => [w, 0]));
      for (const node of (await tenantNodes(directDb())).values()) counts.set(node, (counts.get(node) ?? 0) + 1);
      return [...counts.values()];
    };
    const rb = [...(await tenantNodes(directDb())).entries()].filter(([schema]) => schema.startsWith('rb_'));
    expect(rb.map(([, node]) => node)).toEqual(Array(seeded).fill(workers[0]));

    const r = await runCli('rebalance');
    expect(r.code, r.stderr).toBe(0);
    const moved = r.stdout.split('\n').filter((l) => l.startsWith('moved '));
    expect(moved.length).toBeGreaterThan(0);
    for (const line of moved) expect(line).toMatch(/^moved '\w+' from \S+:\d+ to \S+:\d+ \(/);
    expect(r.stdout).toMatch(new RegExp(`${moved.length} tenant\\(s\\) moved in`));
    const [a, b] = await spread();
    expect(Math.abs(a - b)).toBeLessThanOrEqual(1);
    const again = await runCli('rebalance');
    expect(again.stdout.trim()).toBe('already balanced: nothing to move');
  });
});

describe('database errors on Citus keep their meaning', () => {
  it('a duplicate vote is recognised through the shard-suffixed constraint name', async () => {
    const { castVote } = await import('@/lib/features/polls/polls');
    await expect(
      withTenant({ schema: 'mv_2' }, async (db) => {
        const poll = await db.selectFrom('polls').select('id').orderBy('id').executeTakeFirstOrThrow();
        const choice = await db.selectFrom('choices').select('id').where('poll_id', '=', poll.id).executeTakeFirstOrThrow();
        const user = await db.selectFrom('users').select(['id', 'role']).orderBy('id').executeTakeFirstOrThrow();
        // Every seeded user has voted on every poll already.
        return castVote(db, { id: user.id, role: user.role }, poll.id, choice.id);
      }),
    ).rejects.toThrow('You have already voted on this poll.');
  });
});
