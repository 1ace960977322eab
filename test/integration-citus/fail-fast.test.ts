// Fail fast on a sick node (issue 21, part 4) on Citus: tenant A on worker 1, tenant B on worker 2.
// While worker 2 hangs (every process of it SIGSTOPped), B's requests are answered 503 (most at
// ~1 s, the worst after queue wait + statement timeout + deadline grace, 3 s here) and A's are served (the fair share's K keeps B from holding every PgBouncer connection, the
// client-side deadline gives up on a coordinator that waits for the hung worker); once worker 2
// continues, B is served again within 5 s.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePools, directDb } from '@/lib/infra/db/pool';
import { migrateShared } from '@/lib/tenancy';
import { moveTenant, tenantNodes } from '@/lib/platform/placement';
import { provisionTenant } from '@/lib/platform/provision-tenant';
import { stopTenancyListener } from '@/lib/tenancy/resolve-host';
import { request, startApp, type AppServer } from '@/harness/app-server';
import { testEnv, testProcessEnv } from '@/harness/env';

const env = testEnv();
let app: AppServer;
const host = (s: string) => `${s.replace('_', '-')}.localhost:${app.port}`;

/** The postmaster of worker 2 and its children. */
function worker2Pids(): number[] {
  const pidFile = path.join(env.dir, 'nodes', 'worker2', 'postmaster.pid');
  const postmaster = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  const children = execFileSync('pgrep', ['-P', String(postmaster)], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map(Number);
  return [postmaster, ...children];
}

/** Every 100 ms: PgBouncer's pool and the coordinator's non-idle backends (why a request waits). */
function sampleWaits(t0: number): { stop: () => Promise<string[]> } {
  const out: string[] = [];
  let on = true;
  const bouncer = new pg.Client({ connectionString: env.pgbouncerAdminUrl! });
  const su = new pg.Client({ connectionString: env.superuserUrl });
  bouncer.on('error', () => undefined);
  su.on('error', () => undefined);
  const loop = (async () => {
    await Promise.all([bouncer.connect(), su.connect()]);
    while (on) {
      const t = Date.now() - t0;
      const pools = (await bouncer.query<Record<string, string>>('SHOW POOLS')).rows.filter((r) => r.database === 'quorum');
      const acts = await su.query<Record<string, string>>(
        `select pid, state, wait_event_type || ':' || wait_event as w, left(query, 40) as q from pg_stat_activity where datname = 'quorum' and state <> 'idle' and pid <> pg_backend_pid() and backend_type = 'client backend'`,
      );
      out.push(
        `${t} ms pools ${JSON.stringify(pools.map((p) => [p.user, p.cl_active, p.cl_waiting, p.sv_active, p.sv_idle, p.sv_used, p.sv_login]))} backends ${JSON.stringify(acts.rows.map((r) => [r.pid, r.state, r.w, r.q]))}`,
      );
      await new Promise((res) => setTimeout(res, 100));
    }
  })().catch((err: Error) => out.push(`sampling failed: ${err.message}`));
  return {
    async stop() {
      on = false;
      await loop;
      await Promise.all([bouncer.end().catch(() => undefined), su.end().catch(() => undefined)]);
      return out;
    },
  };
}

beforeAll(async () => {
  await migrateShared(directDb());
  const [w1, w2] = env.citusWorkers!;
  for (const [s, w] of [
    ['ff_a', w1],
    ['ff_b', w2],
  ] as const) {
    await provisionTenant(directDb(), { schema: s, name: s, domain: `${s.replace('_', '-')}.localhost` });
    if ((await tenantNodes(directDb(), [s])).get(s) !== w) await moveTenant(directDb(), s, w);
  }
  app = await startApp({
    ...testProcessEnv(),
    QUORUM_STATEMENT_TIMEOUT_MS: '1000',
    // Worst case for a sick tenant's request: queue wait + statement timeout + deadline grace
    // (1 + 1 + 1 s); most are refused at 1 s (the coordinator's statement_timeout or the queue).
    QUORUM_TENANT_QUEUE_MS: '1000',
    QUORUM_WORKERS: '1',
  });
}, 300_000);

afterAll(async () => {
  await app?.stop();
  await stopTenancyListener();
  await closePools();
});

describe('a hung Citus worker', () => {
  it('its tenant gets 503 (most at ~1 s, all within queue wait + timeout + grace), the tenant on the healthy worker is served, and it recovers', async () => {
    for (const s of ['ff_a', 'ff_b']) expect((await request(app.port, host(s), 'GET', '/api/polls')).status).toBe(200);
    const pids = worker2Pids();
    for (const p of pids) process.kill(p, 'SIGSTOP');
    let stopped = true;
    try {
      const t0 = Date.now();
      const trace = sampleWaits(t0);
      // B: 8 concurrent readers; A: one reader every 100 ms meanwhile.
      const b = Array.from({ length: 8 }, async () => {
        const s = Date.now();
        const r = await request(app.port, host('ff_b'), 'GET', '/api/polls', { timeoutMs: 15_000 });
        return { status: r.status, ms: Date.now() - s, retry: r.headers['retry-after'], error: (r.body as { error?: string }).error };
      });
      const a: { status: number; ms: number; at?: number; error?: string }[] = [];
      while (Date.now() - t0 < 4000) {
        const s = Date.now();
        const r = await request(app.port, host('ff_a'), 'GET', '/api/polls', { timeoutMs: 15_000 });
        a.push(
          r.status === 200
            ? { status: r.status, ms: Date.now() - s }
            : { status: r.status, ms: Date.now() - s, at: s - t0, error: (r.body as { error?: string }).error },
        );
        await new Promise((res) => setTimeout(res, 100));
      }
      const bs = await Promise.all(b);
      const samples = await trace.stop();
      if (a.some((r) => r.status !== 200)) console.log(`[fail-fast] waits: ${samples.join('\n')}`);
      for (const r of bs) {
        expect(r.status, JSON.stringify(r)).toBe(503);
        expect(r.retry).toMatch(/^\d+$/);
        expect(r.error).toMatch(/try again/);
        expect(r.ms).toBeLessThan(3500);
      }
      expect(a.length).toBeGreaterThan(5);
      // Under load, a healthy tenant's request used to get a client whose coordinator backend was
      // still aborting the sick tenant's timed-out statement (pg calls back before ReadyForQuery),
      // and waited behind it until its own deadline: now such clients are destroyed.
      const failedA = a.filter((r) => r.status !== 200);
      if (failedA.length > 0) console.log(`[fail-fast] A: ${JSON.stringify(a)}; B: ${JSON.stringify(bs.map((r) => [r.status, r.ms]))}`);
      expect(failedA).toEqual([]);
      // Continue worker 2: B is served again within 5 s.
      for (const p of pids) process.kill(p, 'SIGCONT');
      stopped = false;
      const back = Date.now();
      for (;;) {
        const r = await request(app.port, host('ff_b'), 'GET', '/api/polls', { timeoutMs: 15_000 });
        if (r.status === 200) break;
        expect(Date.now() - back).toBeLessThan(5000);
        await new Promise((res) => setTimeout(res, 200));
      }
    } finally {
      if (stopped) for (const p of pids) process.kill(p, 'SIGCONT');
    }
  }, 60_000);
});
