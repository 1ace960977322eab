// Usage per tenant (issue 21, part 5) through the production server: each request, the database
// time of its tenant transactions, its 429s and its 503s are counted in memory per tenant and added
// to public.tenant_usage by every flush (QUORUM_USAGE_FLUSH_MS, short here); `tenants usage --json`
// reads them back. One tenant's counts are never credited to another.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePools, directDb } from '@/lib/infra/db/pool';
import { busiestTenants, recordTenantUsage, TENANT_USAGE_RETENTION_MS, type TenantUsage } from '@/lib/features/admin/tenant-usage';
import { updateTenant } from '@/lib/platform/tenants';
import { stopTenancyListener } from '@/lib/tenancy/resolve-host';
import { request, startApp, type AppServer } from '@/harness/app-server';
import { provisionPollTenants } from '@/harness/tenants';
import { requirePooledUrl, testEnv, testProcessEnv } from '@/harness/env';
import { expectOneLineError, runCli } from '@/harness/run-cli';

let app: AppServer;
const host = (s: string) => `${s.replace('_', '-')}.localhost:${app.port}`;
const TENANTS = ['tu_noisy', 'tu_quiet', 'tu_merge'];

beforeAll(async () => {
  requirePooledUrl();
  await provisionPollTenants(TENANTS, 'Usage');
  // tu_noisy: one transaction at a time, a statement timeout of 1.5 s (for its 503s).
  await updateTenant(directDb(), 'tu_noisy', { maxConcurrency: 1, statementTimeoutMs: 1500 });
  app = await startApp({ ...testProcessEnv(), QUORUM_TENANT_QUEUE_MS: '300', QUORUM_WORKERS: '1', QUORUM_USAGE_FLUSH_MS: '400' });
}, 300_000);

afterAll(async () => {
  await app?.stop();
  await stopTenancyListener();
  await closePools();
});

async function usageOf(schema: string): Promise<TenantUsage | undefined> {
  return (await busiestTenants(directDb(), { minutes: 60, limit: 10_000 })).find((r) => r.schema === schema);
}

/** Waits for the server's flushes to bring a tenant's recorded requests to `n`. */
async function recorded(schema: string, n: number): Promise<TenantUsage> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const u = await usageOf(schema);
    if ((u?.requests ?? 0) >= n || Date.now() > deadline) {
      expect(u, `no usage for ${schema}`).toBeDefined();
      return u!;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('usage per tenant through the server', () => {
  it('counts requests, database time, 429s and 503s per tenant; the quiet tenant is not credited with the noisy one’s', async () => {
    const statuses: Record<string, number[]> = { tu_noisy: [], tu_quiet: [] };
    const send = async (s: string, path = '/api/polls') => {
      const r = await request(app.port, host(s), 'GET', path);
      statuses[s].push(r.status);
      return r;
    };
    for (let i = 0; i < 3; i++) expect((await send('tu_quiet')).status).toBe(200);
    expect((await send('tu_noisy')).status).toBe(200);

    // 503s: lock tu_noisy's polls; the holder runs into its statement timeout, the next request
    // waits for the tenant's one slot and is refused after 300 ms.
    const locker = new pg.Client({ connectionString: testEnv().directUrl });
    await locker.connect();
    try {
      await locker.query('begin');
      await locker.query('lock table tu_noisy.polls in access exclusive mode');
      const holder = send('tu_noisy');
      await new Promise((r) => setTimeout(r, 200));
      expect((await send('tu_noisy')).status).toBe(503);
      expect((await holder).status).toBe(503);
    } finally {
      await locker.query('rollback').catch(() => undefined);
      await locker.end();
    }

    // 429s: 2 requests a second (a burst of 4) for tu_noisy.
    await updateTenant(directDb(), 'tu_noisy', { rateLimit: 2, rateLimitPerAddress: 0 });
    await new Promise((r) => setTimeout(r, 300)); // the NOTIFY reaches the server's host cache
    for (let i = 0; i < 10; i++) await send('tu_noisy');
    expect(statuses.tu_noisy).toContain(429);
    expect(statuses.tu_quiet).toEqual([200, 200, 200]);

    const noisy = await recorded('tu_noisy', statuses.tu_noisy.length);
    const quiet = await recorded('tu_quiet', 3);
    expect(noisy).toMatchObject({
      name: 'Usage tu_noisy',
      requests: statuses.tu_noisy.length,
      throttled: statuses.tu_noisy.filter((s) => s === 429).length,
      refused: statuses.tu_noisy.filter((s) => s === 503).length,
    });
    expect(noisy.refused).toBe(2);
    // The holder kept its connection for its statement timeout (1.5 s).
    expect(noisy.dbMs).toBeGreaterThanOrEqual(1000);
    expect(quiet).toMatchObject({ requests: 3, throttled: 0, refused: 0 });
    expect(quiet.dbMs).toBeLessThan(1000);

    // The same figures from the CLI, busiest first.
    const cli = await runCli('usage', '--json', '--limit', '10000');
    expect(cli.code, cli.stderr).toBe(0);
    const rows = JSON.parse(cli.stdout) as TenantUsage[];
    expect(rows.find((r) => r.schema === 'tu_noisy')).toEqual(await usageOf('tu_noisy'));
    expect(rows.find((r) => r.schema === 'tu_quiet')).toEqual(await usageOf('tu_quiet'));
    expect(rows.findIndex((r) => r.schema === 'tu_noisy')).toBeLessThan(rows.findIndex((r) => r.schema === 'tu_quiet'));
    for (let i = 1; i < rows.length; i++) expect(rows[i - 1].requests).toBeGreaterThanOrEqual(rows[i].requests);
    await updateTenant(directDb(), 'tu_noisy', { rateLimit: null, rateLimitPerAddress: null });
  }, 60_000);

  it('tenants usage prints a table, limits its rows and refuses bad options in one line', async () => {
    const table = await runCli('usage', '--minutes', '30', '--limit', '10000');
    expect(table.code, table.stderr).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^schema\s+requests\s+db_ms\s+throttled\s+refused\s+name$/);
    expect(lines.some((l) => /^tu_noisy\s+\d+\s+\d+\s+\d+\s+2\s+Usage tu_noisy$/.test(l))).toBe(true);
    const one = await runCli('usage', '--json', '--limit', '1');
    expect(JSON.parse(one.stdout)).toHaveLength(1);
    expectOneLineError(await runCli('usage', '--minutes', '0'), /minutes/);
    expectOneLineError(await runCli('usage', '--limit', 'lots'), /limit/);
  }, 60_000);
});

describe('recordTenantUsage', () => {
  it('adds to the minute’s row (several processes write it), skips unknown schemas and prunes past the retention', async () => {
    const db = directDb();
    const minute = new Date(Date.UTC(2026, 0, 1, 10, 7));
    const at = (s: number) => new Date(minute.getTime() + s * 1000).getTime();
    const w = (since: number, c: [number, number, number, number], schema = 'tu_merge') => ({
      since,
      tenants: new Map([[schema, { requests: c[0], dbMs: c[1], throttled: c[2], refused: c[3] }]]),
    });
    const now = new Date(minute.getTime() + 60_000);
    expect(await recordTenantUsage(db, w(at(5), [3, 10.4, 1, 0]), now)).toBe(1);
    await recordTenantUsage(db, w(at(50), [2, 5, 0, 4]), now);
    expect(await recordTenantUsage(db, w(at(50), [9, 9, 9, 9], 'tu_no_such_tenant'), now)).toBe(0);
    await recordTenantUsage(db, w(at(65), [1, 1, 1, 1]), now); // the next minute
    const rows = await db
      .selectFrom('public.tenant_usage as u')
      .innerJoin('public.tenants as t', 't.id', 'u.tenant_id')
      .select(['u.minute', 'u.requests', 'u.db_ms', 'u.throttled', 'u.refused'])
      .where('t.schema_name', '=', 'tu_merge')
      .orderBy('u.minute')
      .execute();
    expect(rows).toEqual([
      { minute: minute, requests: 5, db_ms: 15, throttled: 1, refused: 4 },
      { minute: new Date(minute.getTime() + 60_000), requests: 1, db_ms: 1, throttled: 1, refused: 1 },
    ]);
    // A week later the first minute is gone, the next one stays until it too is past the window.
    await recordTenantUsage(db, { since: at(0), tenants: new Map() }, new Date(minute.getTime() + TENANT_USAGE_RETENTION_MS + 30_000));
    const left = await db
      .selectFrom('public.tenant_usage as u')
      .innerJoin('public.tenants as t', 't.id', 'u.tenant_id')
      .select('u.minute')
      .where('t.schema_name', '=', 'tu_merge')
      .execute();
    expect(left).toEqual([{ minute: new Date(minute.getTime() + 60_000) }]);
    // Old rows are outside the dashboard's hour.
    expect(await usageOf('tu_merge')).toBeUndefined();
  });
});
