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
});
