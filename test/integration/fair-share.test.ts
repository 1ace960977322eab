// The fair share of database work in the tenancy core (issue 21, part 2), through PgBouncer:
// at most K transactions of one tenant at a time, waiting work served round-robin across tenants,
// a bounded wait that ends in a TenantBusyError (a 503 at the HTTP edge), never a tenant's
// context on another tenant's work; a statement running into its timeout is a 503 refusal too.
import { sql } from 'kysely';
import pg from 'pg';
import { waitFor } from '@/harness/wait';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePools, directDb } from '@/lib/infra/db/pool';
import {
  busyRefusal,
  fairShareStats,
  forgetTenantsElsewhere,
  isTenantBusyError,
  recentTenants,
  resetFairShare,
  tenantsElsewhere,
  waitsAtTheDoor,
} from '@/lib/tenancy/fair-share';
import { migrateShared } from '@/lib/tenancy/migrate/runner';
import { provisionTenant } from '@/lib/platform/provision-tenant';
import { stopTenancyListener } from '@/lib/tenancy/resolve-host';
import { doorSlot, heldForRequest, tenantStatement, withTenant } from '@/lib/tenancy/with-tenant';
import { requirePooledUrl, testEnv } from '@/harness/env';

const TENANTS = ['fs_a', 'fs_b', 'fs_c', 'fs_x'];
const pools: pg.Pool[] = [];

/** A pool of `max` connections through PgBouncer whose fair share reads `env` when first used. */
function poolWith(max: number, env: Record<string, string>): pg.Pool {
  const pool = new pg.Pool({ connectionString: requirePooledUrl(), max });
  pool.on('error', () => undefined);
  pools.push(pool);
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  resetFairShare(pool);
  fairShareStats(pool); // creates the scheduler with these settings
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  return pool;
}

const schemaOf = (db: Parameters<Parameters<typeof withTenant>[1]>[0]) =>
  sql<{ s: string }>`select current_schema() as s`.execute(db).then((r) => r.rows[0].s);

function deferred() {
  let open!: () => void;
  const p = new Promise<void>((r) => (open = r));
  return { p, open };
}

beforeAll(async () => {
  await migrateShared(directDb());
  for (const s of TENANTS) await provisionTenant(directDb(), { schema: s, name: s, domain: `${s.replace('_', '-')}.localhost` });
}, 120_000);

afterAll(async () => {
  await Promise.all(pools.map((p) => p.end()));
  await stopTenancyListener();
  await closePools();
});

describe('fair share', () => {
  it('runs at most K transactions of one tenant at a time; other tenants keep going', async () => {
    const pool = poolWith(4, { QUORUM_TENANT_CONCURRENCY: '2', QUORUM_TENANT_QUEUE_MS: '5000' });
    let now = 0;
    let peak = 0;
    let doneA = 0;
    const work = () =>
      withTenant(
        { schema: 'fs_a' },
        async (db) => {
          peak = Math.max(peak, ++now);
          await sql`select pg_sleep(0.1)`.execute(db);
          now--;
        },
        pool,
      ).then(() => doneA++);
    const all = Promise.all(Array.from({ length: 8 }, work));
    // While fs_a is capped (and its queue long), fs_b does not wait behind it.
    expect(await tenantStatement({ schema: 'fs_b' }, (db) => db.selectNoFrom(sql<string>`current_schema()`.as('s')), pool)).toEqual([
      { s: 'fs_b' },
    ]);
    expect(doneA).toBeLessThan(4);
    await all;
    expect(peak).toBe(2);
    const st = fairShareStats(pool);
    expect(st.running).toBe(0);
    expect(st.stats.queued).toBeGreaterThan(0);
    expect(st.stats.refused).toBe(0);
  });

  it('a tenant override of K (maxConcurrency) wins over the default', async () => {
    const pool = poolWith(4, { QUORUM_TENANT_CONCURRENCY: '3', QUORUM_TENANT_QUEUE_MS: '5000' });
    let now = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 6 }, () =>
        withTenant(
          { schema: 'fs_a', maxConcurrency: 1 },
          async (db) => {
            peak = Math.max(peak, ++now);
            await sql`select pg_sleep(0.03)`.execute(db);
            now--;
          },
          pool,
        ),
      ),
    );
    expect(peak).toBe(1);
  });

  it('serves waiting work round-robin across tenants, not in arrival order', async () => {
    // One connection: everything waits behind the holder, then runs one at a time.
    const pool = poolWith(1, { QUORUM_TENANT_CONCURRENCY: '1', QUORUM_TENANT_QUEUE_MS: '10000' });
    const gate = deferred();
    const holder = withTenant(
      { schema: 'fs_x' },
      async (db) => {
        await schemaOf(db);
        await gate.p;
      },
      pool,
    );
    await new Promise((r) => setTimeout(r, 50));
    const order: string[] = [];
    const run = (schema: string) =>
      withTenant(
        { schema },
        async (db) => {
          order.push(await schemaOf(db));
        },
        pool,
      );
    // A's long queue arrives first, then B's, then one of C.
    const jobs = [...['fs_a', 'fs_a', 'fs_a', 'fs_a'].map(run), ...['fs_b', 'fs_b'].map(run), run('fs_c')];
    await new Promise((r) => setTimeout(r, 50));
    expect(fairShareStats(pool).queued).toEqual({ fs_a: 4, fs_b: 2, fs_c: 1 });
    gate.open();
    await Promise.all([holder, ...jobs]);
    expect(order).toEqual(['fs_a', 'fs_b', 'fs_c', 'fs_a', 'fs_b', 'fs_a', 'fs_a']);
  });

  it('a bounded wait ends in a TenantBusyError (503 + Retry-After), and a full queue is refused at once', async () => {
    const pool = poolWith(4, { QUORUM_TENANT_CONCURRENCY: '1', QUORUM_TENANT_QUEUE_MS: '300', QUORUM_TENANT_QUEUE_MAX: '2' });
    const gate = deferred();
    const holder = withTenant(
      { schema: 'fs_a' },
      async (db) => {
        await schemaOf(db);
        await gate.p;
      },
      pool,
    );
    await new Promise((r) => setTimeout(r, 30));
    const t0 = Date.now();
    const waiting = [1, 2].map(() =>
      tenantStatement({ schema: 'fs_a' }, (db) => db.selectNoFrom(sql<number>`1`.as('x')), pool).then(
        () => 'ran',
        (e: unknown) => e,
      ),
    );
    // The third finds the queue full: refused without waiting.
    const full = await tenantStatement({ schema: 'fs_a' }, (db) => db.selectNoFrom(sql<number>`1`.as('x')), pool).catch((e: unknown) => e);
    expect(isTenantBusyError(full)).toBe(true);
    expect(Date.now() - t0).toBeLessThan(100);
    // Another tenant is not held up meanwhile.
    expect(await withTenant({ schema: 'fs_b' }, schemaOf, pool)).toBe('fs_b');
    const [w1, w2] = await Promise.all(waiting);
    const waited = Date.now() - t0;
    expect(waited).toBeGreaterThanOrEqual(280);
    expect(waited).toBeLessThan(1500);
    for (const w of [w1, w2]) {
      expect(isTenantBusyError(w)).toBe(true);
      expect(busyRefusal(w)).toMatchObject({
        retryAfterSeconds: 1,
        message: expect.stringMatching(/share of the database.*try again in 1 second/),
      });
    }
    gate.open();
    await holder;
    expect(fairShareStats(pool).stats.refused).toBe(3);
    expect(fairShareStats(pool).running).toBe(0);
  });

  it('a tenant over its share, taking most of the work while others are served, waits at the door; held from the door, its transactions take no slot of their own, and the slot is paced', async () => {
    // Borrowing off: fs_a queues while alone (its subject is the next test's).
    const pool = poolWith(4, { QUORUM_TENANT_CONCURRENCY: '1', QUORUM_TENANT_QUEUE_MS: '5000', QUORUM_FAIR_SHARE_BORROW: '0' });
    const a = { schema: 'fs_a' };
    for (let i = 0; i < 3; i++) expect(await withTenant(a, schemaOf, pool)).toBe('fs_a');
    const hold = deferred();
    const holder = withTenant(a, () => hold.p, pool);
    await waitFor('fs_a in its slot', async () => fairShareStats(pool).active.fs_a === 1 || undefined);
    // Not over its share (nothing of fs_a waits): in at once.
    expect(waitsAtTheDoor(pool, 'fs_a')).toBe(false);
    expect(doorSlot(a, pool)).toBeNull();
    const queued = withTenant(a, schemaOf, pool);
    await waitFor('fs_a queued', async () => fairShareStats(pool).queued.fs_a === 1 || undefined);
    // Over its share, but alone on the server: never held at the door.
    expect(waitsAtTheDoor(pool, 'fs_a')).toBe(false);
    // Another tenant is served (fs_a: 4 of 5 transactions): fs_a's next requests wait at the door;
    // fs_b's (no queue) do not.
    expect(await withTenant({ schema: 'fs_b' }, schemaOf, pool)).toBe('fs_b');
    expect(waitsAtTheDoor(pool, 'fs_a')).toBe(true);
    expect(waitsAtTheDoor(pool, 'fs_b')).toBe(false);
    const door = doorSlot(a, pool);
    expect(door).not.toBeNull();
    expect(fairShareStats(pool).queued.fs_a).toBe(2);
    // Its turn comes after the work queued before it.
    hold.open();
    await holder;
    expect(await queued).toBe('fs_a');
    const release = await door!;
    const granted = performance.now();
    expect(fairShareStats(pool).active.fs_a).toBe(1);
    // The request runs holding that slot: with K = 1 its own transactions would otherwise wait for it.
    const inside = await heldForRequest(a, () =>
      Promise.all([withTenant(a, schemaOf, pool), tenantStatement(a, (db) => db.selectFrom('polls').select('id'), pool)]),
    );
    expect(inside[0]).toBe('fs_a');
    expect(fairShareStats(pool).active.fs_a).toBe(1);
    await new Promise((r) => setTimeout(r, 200));
    // Answered after ~200 ms: the slot stays held for about as long again, then is free.
    release();
    const answered = performance.now();
    expect(fairShareStats(pool).active.fs_a).toBe(1);
    await waitFor('the paced slot given back', async () => (fairShareStats(pool).running === 0 ? performance.now() : undefined), 5_000);
    expect(performance.now() - answered).toBeGreaterThanOrEqual((answered - granted) * 0.9);
    // Sharing the server evenly with another busy tenant: never at the door.
    for (let i = 0; i < 6; i++) await withTenant({ schema: 'fs_b' }, schemaOf, pool);
    const hold2 = deferred();
    const holder2 = withTenant(a, () => hold2.p, pool);
    const queued2 = withTenant(a, schemaOf, pool);
    await waitFor('fs_a queued again', async () => fairShareStats(pool).queued.fs_a === 1 || undefined);
    expect(waitsAtTheDoor(pool, 'fs_a')).toBe(false);
    hold2.open();
    await Promise.all([holder2, queued2]);
  });

  it('QUORUM_FAIR_SHARE_DOOR=0: a tenant over its share is never held at the door', async () => {
    const pool = poolWith(4, {
      QUORUM_TENANT_CONCURRENCY: '1',
      QUORUM_TENANT_QUEUE_MS: '5000',
      QUORUM_FAIR_SHARE_DOOR: '0',
      QUORUM_FAIR_SHARE_BORROW: '0',
    });
    const hold = deferred();
    for (let i = 0; i < 3; i++) await withTenant({ schema: 'fs_a' }, schemaOf, pool);
    const holder = withTenant({ schema: 'fs_a' }, () => hold.p, pool);
    await waitFor('fs_a in its slot', async () => fairShareStats(pool).active.fs_a === 1 || undefined);
    const queued = withTenant({ schema: 'fs_a' }, schemaOf, pool);
    await waitFor('fs_a queued', async () => fairShareStats(pool).queued.fs_a === 1 || undefined);
    await withTenant({ schema: 'fs_b' }, schemaOf, pool);
    expect(waitsAtTheDoor(pool, 'fs_a')).toBe(false);
    hold.open();
    await Promise.all([holder, queued]);
  });

  it('a tenant alone whose work moves borrows idle slots past K, up to half the pool; with another tenant served, stuck work, its own K or QUORUM_FAIR_SHARE_BORROW=0 it does not', async () => {
    // `count` quick transactions of fs_a at once, each holding its slot ~20 ms; the most that ran at a time.
    const burst = async (pool: pg.Pool, count: number, tenant: { schema: string; maxConcurrency?: number } = { schema: 'fs_a' }) => {
      let now = 0;
      let peak = 0;
      await Promise.all(
        Array.from({ length: count }, () =>
          withTenant(
            tenant,
            async (db) => {
              peak = Math.max(peak, ++now);
              await sql`select pg_sleep(0.02)`.execute(db);
              now--;
            },
            pool,
          ),
        ),
      );
      return peak;
    };
    // Its work moves: a transaction of it ended quickly a moment ago.
    const moving = (pool: pg.Pool, schema = 'fs_a') => withTenant({ schema }, schemaOf, pool);
    const env = { QUORUM_TENANT_CONCURRENCY: '1', QUORUM_TENANT_QUEUE_MS: '5000' };

    // Alone and moving: past K = 1, but never more than half of the pool of 8 (4 as a rule; fewer
    // only if the machine is so slow that 20 ms transactions take over 50 ms).
    const alone = poolWith(8, env);
    await moving(alone);
    const peak = await burst(alone, 12);
    expect(peak).toBeGreaterThan(1);
    expect(peak).toBeLessThanOrEqual(4);
    expect(fairShareStats(alone).running).toBe(0);

    // Another tenant was served in this process in the last second or two: K again.
    const shared = poolWith(8, env);
    await moving(shared);
    await moving(shared, 'fs_b');
    expect(await burst(shared, 6)).toBe(1);

    // Its work does not move (nothing of it ended quickly in the last 100 ms): K.
    const stuck = poolWith(8, env);
    await moving(stuck);
    await new Promise((r) => setTimeout(r, 150));
    const hold = deferred();
    const holder = withTenant({ schema: 'fs_a' }, () => hold.p, stuck);
    await waitFor('fs_a in its slot', async () => fairShareStats(stuck).active.fs_a === 1 || undefined);
    const behind = [1, 2].map(() => withTenant({ schema: 'fs_a' }, schemaOf, stuck));
    await waitFor('fs_a queued', async () => fairShareStats(stuck).queued.fs_a === 2 || undefined);
    expect(fairShareStats(stuck).active.fs_a).toBe(1);
    hold.open();
    await Promise.all([holder, ...behind]);

    // A tenant's own K (set by the operator) is never exceeded.
    const own = poolWith(8, env);
    await moving(own);
    expect(await burst(own, 6, { schema: 'fs_a', maxConcurrency: 2 })).toBe(2);

    // Turned off.
    const off = poolWith(8, { ...env, QUORUM_FAIR_SHARE_BORROW: '0' });
    await moving(off);
    expect(await burst(off, 6)).toBe(1);

    // Alone in this process, but another server process serves fs_b (lib/entry/peer-tenants.ts): K.
    // Only fs_a itself elsewhere: it borrows. Not heard from the others yet, or too long ago: K.
    try {
      const peers = poolWith(8, env);
      tenantsElsewhere(['fs_b']);
      await moving(peers);
      expect(await burst(peers, 6)).toBe(1);
      expect(recentTenants()).toContain('fs_a');
      tenantsElsewhere(['fs_a']);
      await moving(peers);
      expect(await burst(peers, 6)).toBeGreaterThan(1);
      tenantsElsewhere(null);
      await moving(peers);
      expect(await burst(peers, 6)).toBe(1);
      tenantsElsewhere([]);
      await new Promise((r) => setTimeout(r, 1100));
      await moving(peers);
      expect(await burst(peers, 6)).toBe(1);
    } finally {
      forgetTenantsElsewhere();
    }
  });

  it('a withTenant inside a withTenant of the same tenant does not wait for itself', async () => {
    const pool = poolWith(4, { QUORUM_TENANT_CONCURRENCY: '1', QUORUM_TENANT_QUEUE_MS: '300' });
    const inner = await withTenant(
      { schema: 'fs_a' },
      async (db) => {
        await schemaOf(db);
        return tenantStatement({ schema: 'fs_a' }, (d) => d.selectNoFrom(sql<string>`current_schema()`.as('s')), pool);
      },
      pool,
    );
    expect(inner).toEqual([{ s: 'fs_a' }]);
  });

  it('never runs work in another tenant’s context while queueing, refusing and failing (1,200 operations)', async () => {
    const pool = poolWith(3, { QUORUM_TENANT_CONCURRENCY: '1', QUORUM_TENANT_QUEUE_MS: '150', QUORUM_TENANT_QUEUE_MAX: '30' });
    const tenants = ['fs_a', 'fs_b', 'fs_c'];
    let wrong = 0;
    let ok = 0;
    let refused = 0;
    let failed = 0;
    const ops = Array.from({ length: 1200 }, async (_, i) => {
      const schema = tenants[i % 3];
      try {
        if (i % 3 === 0) {
          const rows = await tenantStatement({ schema }, (db) => db.selectNoFrom(sql<string>`current_schema()`.as('s')), pool);
          if (rows[0].s !== schema) wrong++;
        } else {
          await withTenant(
            { schema },
            async (db) => {
              if ((await schemaOf(db)) !== schema) wrong++;
              if (i % 7 === 0) await sql`select pg_sleep(0.002)`.execute(db);
              if (i % 11 === 0) await sql`select 1/0`.execute(db); // a failing transaction
              if ((await schemaOf(db)) !== schema) wrong++;
            },
            pool,
          );
        }
        ok++;
      } catch (err) {
        if (isTenantBusyError(err)) refused++;
        else if ((err as { code?: string }).code === '22012') failed++;
        else throw err;
      }
    });
    await Promise.all(ops);
    expect(wrong).toBe(0);
    expect(ok + refused + failed).toBe(1200);
    expect(ok).toBeGreaterThan(0);
    // A failed statement's client (and its slot) goes back once its server is idle, which may be
    // just after the caller got the error (with-tenant.ts, stillBusy): every slot, soon.
    await waitFor('every slot to be released', async () => (fairShareStats(pool).running === 0 ? true : undefined), 5_000);
    // Connections went back clean: default search_path, no transaction open.
    const c = await pool.connect();
    try {
      const r = await c.query<{ p: string; x: string }>(`select current_setting('search_path') as p, now()::text as x`);
      expect(r.rows[0].p).toBe('"$user", public');
    } finally {
      c.release();
    }
  }, 60_000);

  it('a statement that runs into its timeout is a 503 refusal, in about the timeout', async () => {
    const t0 = Date.now();
    const err = await tenantStatement({ schema: 'fs_a', statementTimeoutMs: 300 }, (db) => db.selectNoFrom(sql`pg_sleep(3)`.as('x'))).catch(
      (e: unknown) => e,
    );
    expect(Date.now() - t0).toBeLessThan(1500);
    expect(busyRefusal(err)).toMatchObject({ retryAfterSeconds: 2, message: expect.stringMatching(/time limit/) });
  });

  it('a queued transaction’s statement timeout counts from when it asked, never under 400 ms', async () => {
    const pool = poolWith(4, { QUORUM_TENANT_CONCURRENCY: '1', QUORUM_TENANT_QUEUE_MS: '5000' });
    const tenant = { schema: 'fs_b', statementTimeoutMs: 1500 };
    const sleep = (s: number) => withTenant(tenant, (db) => sql`select pg_sleep(${s})`.execute(db), pool);
    // Alone: 1.0 s of a 1.5 s timeout runs to its end.
    await expect(sleep(1.0)).resolves.toBeDefined();
    // Behind a 1.2 s holder: 0.3 s left, so the least, 400 ms; the same 1.0 s statement is refused.
    const holder = sleep(1.2);
    await waitFor('the holder to run', async () => (fairShareStats(pool).running === 1 ? true : undefined), 5_000);
    const t0 = Date.now();
    const queued = await sleep(1.0).catch((e: unknown) => e);
    const took = Date.now() - t0;
    await holder;
    expect(busyRefusal(queued)).toMatchObject({ message: expect.stringMatching(/time limit/) });
    expect(took).toBeGreaterThanOrEqual(400); // the least timeout, after the wait
    expect(took).toBeLessThan(3_000);
  }, 30_000);

  it('fail fast on a hung server: a backend that cannot act on its statement timeout (SIGSTOP) is given up on at the deadline, 503, and the pool recovers', async () => {
    // Straight to PostgreSQL, one connection: the backend's pid is known.
    const pool = new pg.Pool({ connectionString: testEnv().directUrl, max: 1 });
    pool.on('error', () => undefined);
    pools.push(pool);
    const tenant = { schema: 'fs_a', statementTimeoutMs: 300 };
    const pidNow = async () =>
      (await tenantStatement(tenant, (db) => db.selectNoFrom(sql<number>`pg_backend_pid()`.as('pid')), pool))[0].pid;
    for (const via of ['tenantStatement', 'withTenant'] as const) {
      const pid = await pidNow();
      process.kill(pid, 'SIGSTOP');
      try {
        const t0 = Date.now();
        const err = await (
          via === 'tenantStatement'
            ? tenantStatement(tenant, (db) => db.selectNoFrom(sql<number>`1`.as('x')), pool)
            : withTenant(tenant, schemaOf, pool)
        ).catch((e: unknown) => e);
        const took = Date.now() - t0;
        expect(busyRefusal(err), via).toMatchObject({ retryAfterSeconds: 2, message: expect.stringMatching(/did not answer in time/) });
        expect(took).toBeGreaterThanOrEqual(1200); // 300 ms timeout + 1 s grace
        expect(took).toBeLessThan(2500);
      } finally {
        process.kill(pid, 'SIGCONT');
      }
    }
    // A fresh connection serves the tenant again.
    expect(await withTenant(tenant, schemaOf, pool)).toBe('fs_a');
  }, 30_000);
});
