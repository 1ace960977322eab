/**
 * Proves the throwaway-cluster harness works: direct and pooled connections, the PgBouncer admin
 * console, that transaction pooling leaks session state (so tests CAN detect such leaks), and the
 * fault-injection helpers. Raw `pg` on purpose: no application code involved.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgbouncerPid, postgresPid, restartPgBouncer, restartPostgres } from '@/harness/cluster';
import { requirePooledUrl, testEnv } from '@/harness/env';

const env = testEnv();

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined); // a server going away must not crash the worker
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Admin console: simple query protocol only (no parameters), and an 'error' listener. */
function admin<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
  if (!env.pgbouncerAdminUrl) throw new Error('no PgBouncer');
  return withClient(env.pgbouncerAdminUrl, async (c) => (await c.query<T>(sql)).rows);
}

/**
 * Occupies every server connection of the PgBouncer pool at once (poolSize clients, each inside an
 * open transaction), runs `inTx` on each, then commits. Every server connection is visited exactly once.
 */
async function onEveryServerConnection<T>(pool: pg.Pool, inTx: (c: pg.PoolClient) => Promise<T>): Promise<T[]> {
  const clients = await Promise.all(Array.from({ length: env.poolSize }, () => pool.connect()));
  try {
    await Promise.all(clients.map((c) => c.query('BEGIN')));
    const results = await Promise.all(clients.map(inTx));
    // All poolSize transactions are open simultaneously, so they hold distinct server connections.
    const pids = await Promise.all(
      clients.map(async (c) => (await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid),
    );
    expect(new Set(pids).size).toBe(env.poolSize);
    await Promise.all(clients.map((c) => c.query('COMMIT')));
    return results;
  } finally {
    for (const c of clients) c.release();
  }
}

const searchPath = async (c: pg.ClientBase): Promise<string> =>
  (await c.query<{ sp: string }>("SELECT current_setting('search_path') AS sp")).rows[0]!.sp;

describe('direct connection', () => {
  it('reaches PostgreSQL 15 as role quorum in database quorum', async () => {
    const row = await withClient(
      env.directUrl,
      async (c) =>
        (
          await c.query<{ u: string; d: string; v: number; port: number }>(
            "SELECT current_user AS u, current_database() AS d, current_setting('server_version_num')::int AS v, inet_server_port() AS port",
          )
        ).rows[0]!,
    );
    expect(row).toMatchObject({ u: 'quorum', d: 'quorum' });
    expect(row.v).toBeGreaterThanOrEqual(150000);
    expect(row.port).toBe(Number(new URL(env.directUrl).port));
  });

  it('lets quorum create schemas (tenant provisioning needs it)', async () => {
    await withClient(env.directUrl, async (c) => {
      await c.query('CREATE SCHEMA harness_probe');
      await c.query('DROP SCHEMA harness_probe');
    });
  });

  it('exports the URLs into process.env for application code', () => {
    expect(process.env.DIRECT_DATABASE_URL).toBe(env.directUrl);
    expect(process.env.DATABASE_URL).toBe(env.pooledUrl ?? env.directUrl);
    expect(process.env.TEST_POOL_SIZE).toBe(String(env.poolSize));
  });
});

describe.skipIf(!env.pooledUrl)('through PgBouncer (transaction pooling)', () => {
  let pool: pg.Pool;

  beforeAll(() => {
    pool = new pg.Pool({ connectionString: requirePooledUrl(env), max: env.poolSize + 2 });
    pool.on('error', () => undefined);
  });
  afterAll(async () => {
    await pool.end();
  });

  it('connects as quorum, and PostgreSQL sees the connection coming from PgBouncer', async () => {
    const row = await withClient(
      requirePooledUrl(env),
      async (c) =>
        (
          await c.query<{ u: string; d: string; port: number }>(
            'SELECT current_user AS u, current_database() AS d, inet_server_port() AS port',
          )
        ).rows[0]!,
    );
    expect(row).toMatchObject({ u: 'quorum', d: 'quorum' });
    // The server port is PostgreSQL's, not PgBouncer's: we really went through the pooler.
    expect(row.port).toBe(Number(new URL(env.directUrl).port));
    expect(Number(new URL(requirePooledUrl(env)).port)).not.toBe(row.port);
  });

  it('answers SHOW POOLS / SHOW CONFIG on the admin console', async () => {
    await withClient(requirePooledUrl(env), (c) => c.query('SELECT 1'));
    const pools = await admin<{ database: string; user: string; pool_mode: string }>('SHOW POOLS');
    const mine = pools.find((p) => p.database === 'quorum' && p.user === 'quorum');
    expect(mine, JSON.stringify(pools)).toBeDefined();
    expect(mine!.pool_mode).toBe('transaction');

    const config = await admin<{ key: string; value: string }>('SHOW CONFIG');
    const get = (k: string) => config.find((r) => r.key === k)?.value;
    expect(get('pool_mode')).toBe('transaction');
    expect(Number(get('default_pool_size'))).toBe(env.poolSize);
    expect(get('server_reset_query')).toBe('');
  });

  it('caps server connections at poolSize', async () => {
    const clients = await Promise.all(Array.from({ length: env.poolSize + 2 }, () => pool.connect()));
    try {
      await Promise.all(clients.map((c) => c.query('SELECT pg_sleep(0.05)')));
    } finally {
      for (const c of clients) c.release();
    }
    // PgBouncer's own list of its server connections for this pool. (Counting pg_stat_activity
    // also counted direct connections that an earlier test file's servers were still closing:
    // 8 of 4 in one run.)
    const servers = (await admin<{ database: string; user: string }>('SHOW SERVERS')).filter(
      (s) => s.database === 'quorum' && s.user === 'quorum',
    );
    expect(servers.length).toBeGreaterThan(0);
    expect(servers.length).toBeLessThanOrEqual(env.poolSize);
  });

  describe('leak control', () => {
    // Start from clean server connections: RESET ALL inside a committed transaction persists.
    const resetAll = () => onEveryServerConnection(pool, (c) => c.query('RESET ALL'));

    it('DETECTS a session-level SET leaking to other clients (the harness can see leaks)', async () => {
      await resetAll();
      const leaker = new pg.Client({ connectionString: requirePooledUrl(env) });
      leaker.on('error', () => undefined);
      await leaker.connect();
      await leaker.query('SET search_path TO leak_a'); // autocommit, no transaction: a session setting
      await leaker.end();

      const seen = await onEveryServerConnection(pool, searchPath);
      // Exactly the server connection the leaker used now carries its search_path into other clients.
      expect(seen.filter((sp) => sp === 'leak_a')).toHaveLength(1);
      await resetAll();
    });

    it('does NOT leak set_config(..., is_local => true) inside a transaction', async () => {
      await resetAll();
      await withClient(requirePooledUrl(env), async (c) => {
        await c.query('BEGIN');
        await c.query("SELECT set_config('search_path', 'leak_b', true)");
        expect(await searchPath(c)).toBe('leak_b');
        await c.query('COMMIT');
      });

      const seen = await onEveryServerConnection(pool, searchPath);
      expect(seen).toHaveLength(env.poolSize);
      for (const sp of seen) expect(sp).toBe('"$user", public');
    });
  });

  describe('fault injection helpers', () => {
    it('restartPgBouncer: same port, new process, pooled URL works again', async () => {
      const before = pgbouncerPid(env);
      expect(before).not.toBeNull();
      await pool.end();
      await restartPgBouncer(env);
      expect(pgbouncerPid(env)).not.toBe(before);
      pool = new pg.Pool({ connectionString: requirePooledUrl(env), max: env.poolSize + 2 });
      pool.on('error', () => undefined);
      expect((await pool.query<{ one: number }>('SELECT 1 AS one')).rows[0]!.one).toBe(1);
    });

    it('restartPostgres: same data dir and port; PgBouncer reconnects', async () => {
      await withClient(env.directUrl, (c) => c.query('CREATE TABLE IF NOT EXISTS harness_restart_probe (x int)'));
      const before = postgresPid(env);
      await restartPostgres(env);
      expect(postgresPid(env)).not.toBe(before);
      // Data survived (same data dir), and the pooled path recovers once stale server connections are dropped.
      await withClient(env.directUrl, (c) => c.query('DROP TABLE harness_restart_probe'));
      let lastError: unknown;
      for (let i = 0; i < 50; i++) {
        try {
          await pool.query('SELECT 1');
          lastError = undefined;
          break;
        } catch (err) {
          lastError = err;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      expect(lastError).toBeUndefined();
    });
  });
});
