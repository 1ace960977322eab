// Prometheus metrics through the production server with two workers (issue 25): the primary
// serves the sum of its workers on QUORUM_METRICS_PORT behind the bearer token; the app's port
// and tenant hosts never serve them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePools, directDb } from '@/lib/infra/db/pool';
import { createPoll } from '@/lib/features/polls/polls';
import { provisionTenantWithAdmin } from '@/lib/features/organisation/provision-with-admin';
import { migrateShared } from '@/lib/tenancy/migrate/runner';
import { stopTenancyListener } from '@/lib/tenancy/resolve-host';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { freePort, request, startApp, type AppServer } from '@/harness/app-server';
import { requirePooledUrl, testProcessEnv } from '@/harness/env';
import { browserLogin } from '@/harness/browser-login';
import { waitFor } from '@/harness/wait';
import { sql } from 'kysely';
import { startWorker } from '@/lib/jobs/worker';
import { startMetricsServer } from '@/lib/entry/metrics';

let app: AppServer;
let metricsPort: number;
const TOKEN = 'metrics-test-token';
const SCHEMA = 'mx_tenant';
const host = () => `mx-tenant.localhost:${app.port}`;

beforeAll(async () => {
  requirePooledUrl();
  await migrateShared(directDb());
  await provisionTenantWithAdmin(directDb(), {
    schema: SCHEMA,
    name: 'Metrics tenant',
    domain: 'mx-tenant.localhost',
    admin: { email: 'admin@mx-tenant.test', password: 'password123' },
  });
  await withTenant({ schema: SCHEMA }, (db) => createPoll(db, { id: 1, role: 'admin' }, { question: 'Metrics?', choices: ['a', 'b'] }));
  metricsPort = await freePort();
  app = await startApp({
    ...testProcessEnv(),
    QUORUM_WORKERS: '2',
    QUORUM_METRICS_PORT: String(metricsPort),
    QUORUM_METRICS_TOKEN: TOKEN,
    QUORUM_USAGE_FLUSH_MS: '600000',
  });
}, 300_000);

afterAll(async () => {
  await app?.stop();
  await stopTenancyListener();
  await closePools();
});

/** The value of one sample of the scrape (0 when absent). */
function sample(text: string, name: string, labels: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

describe('metrics through the server', () => {
  it('counts the requests of every worker, serves them only on the metrics port with the token', async () => {
    const scrape = () => request(metricsPort, `127.0.0.1:${metricsPort}`, 'GET', '/metrics', { token: TOKEN });
    const before = await scrape();
    expect(before.status, app.output()).toBe(200);
    const api200 = sample(before.text, 'quorum_http_requests_total', 'kind="api",status="200"');

    // New connections each time: the two workers share them.
    for (let i = 0; i < 8; i++) {
      const r = await request(app.port, host(), 'GET', '/api/polls', { agent: undefined, headers: { connection: 'close' } });
      expect(r.status).toBe(200);
    }
    const after = await scrape();
    expect(after.status).toBe(200);
    expect(after.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(sample(after.text, 'quorum_http_requests_total', 'kind="api",status="200"') - api200).toBe(8);
    expect(sample(after.text, 'quorum_http_request_duration_seconds_count', 'kind="api"')).toBeGreaterThanOrEqual(8);
    expect(after.text).toMatch(/^# TYPE quorum_db_pool_connections gauge$/m);
    expect(sample(after.text, 'quorum_tenant_window_requests', `tenant="${SCHEMA}"`)).toBeGreaterThanOrEqual(7);

    expect((await request(metricsPort, `127.0.0.1:${metricsPort}`, 'GET', '/metrics')).status).toBe(401);
    expect((await request(metricsPort, `127.0.0.1:${metricsPort}`, 'GET', '/metrics', { token: 'wrong' })).status).toBe(401);
    // Not on the app's port, on a tenant host or the root domain.
    const onTenant = await request(app.port, host(), 'GET', '/metrics', { token: TOKEN });
    expect(onTenant.status).toBe(404);
    expect(onTenant.text).not.toContain('quorum_http_requests_total');
    const onRoot = await request(app.port, app.rootDomain, 'GET', '/metrics', { token: TOKEN });
    expect(onRoot.text).not.toContain('quorum_http_requests_total');
  }, 60_000);

  it('counts refused logins by way in and reason, from the login form (Next) and POST /api/login (the lean API)', async () => {
    const scrape = async () => (await request(metricsPort, `127.0.0.1:${metricsPort}`, 'GET', '/metrics', { token: TOKEN })).text;
    const refusals = (text: string, via: string) => sample(text, 'quorum_login_refusals_total', `via="${via}",reason="credentials"`);
    const before = await scrape();
    const api = await request(app.port, host(), 'POST', '/api/login', {
      json: { email: 'admin@mx-tenant.test', password: 'not-the-password' },
    });
    expect(api.status).toBe(401);
    expect((await browserLogin(app.port, host(), 'admin@mx-tenant.test', 'not-the-password')).error).toBe('CredentialsSignin');
    expect((await browserLogin(app.port, host(), 'admin@mx-tenant.test', 'password123')).session).not.toBeNull();
    const after = await scrape();
    expect(refusals(after, 'api') - refusals(before, 'api')).toBe(1);
    expect(refusals(after, 'form') - refusals(before, 'form'), 'counted inside the Next bundle, served by the same registry').toBe(1);
    expect(after).toMatch(/^# TYPE quorum_login_refusals_total counter$/m);
  }, 60_000);
});

describe('job metrics of the process that runs the jobs', () => {
  it('counts each attempt by task and outcome; the jobs process serves them on a metrics server of its own (as npm run worker does on QUORUM_WORKER_METRICS_PORT)', async () => {
    const port = await freePort();
    let calls = 0;
    const worker = await startWorker({
      concurrency: 1,
      pollInterval: 50,
      taskList: {
        mx_ok: async () => undefined,
        mx_flaky: async () => {
          calls++;
          throw new Error('receiver down');
        },
      },
    });
    const metrics = await startMetricsServer({ port, hostname: '127.0.0.1', token: TOKEN });
    try {
      await sql`select graphile_worker.add_job('mx_ok', '{}'::json)`.execute(directDb());
      await sql`select graphile_worker.add_job('mx_flaky', '{}'::json, max_attempts => 1)`.execute(directDb());
      await waitFor('both jobs to run', async () => (calls >= 1 ? true : undefined), 20_000);
      const scrape = async () => (await request(port, `127.0.0.1:${port}`, 'GET', '/metrics', { token: TOKEN })).text;
      await waitFor(
        'the counters',
        async () => {
          const text = await scrape();
          return sample(text, 'quorum_job_runs_total', 'task="mx_ok",outcome="success"') >= 1 &&
            sample(text, 'quorum_job_runs_total', 'task="mx_flaky",outcome="failed"') >= 1
            ? true
            : undefined;
        },
        10_000,
      );
      const text = await scrape();
      expect(sample(text, 'quorum_job_runs_total', 'task="mx_ok",outcome="success"')).toBe(1);
      expect(sample(text, 'quorum_job_runs_total', 'task="mx_flaky",outcome="failed"')).toBe(1);
      expect(sample(text, 'quorum_job_runs_total', 'task="mx_flaky",outcome="success"')).toBe(0);
      expect((await request(port, `127.0.0.1:${port}`, 'GET', '/metrics')).status).toBe(401);
    } finally {
      await metrics?.close();
      await worker.stop();
      await sql`delete from graphile_worker._private_jobs j using graphile_worker._private_tasks t
        where t.id = j.task_id and t.identifier in ('mx_ok', 'mx_flaky')`.execute(directDb());
    }
  }, 60_000);
});
