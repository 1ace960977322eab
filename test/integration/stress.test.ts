/**
 * The short version of bench/stress.ts (which runs ≥ 100,000 requests over ≥ 200 tenants):
 * mixed reads, poll creation and votes over many tenants, app → PgBouncer with the harness's
 * small pool (4) → PostgreSQL; zero cross-tenant reads, zero lost acknowledged writes (checked
 * over the direct connection), and PgBouncer never opens more server connections than its pool.
 * Sizes: STRESS_TEST_REQUESTS / STRESS_TEST_TENANTS / STRESS_TEST_CONCURRENCY.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePools, directDb } from '@/lib/infra/db/pool';
import { migrateShared } from '@/lib/tenancy/migrate/runner';
import { stopTenancyListener } from '@/lib/tenancy/resolve-host';
import { startApp, type AppServer } from '@/harness/app-server';
import { requirePooledUrl, testEnv, testProcessEnv } from '@/harness/env';
import { inspectAnswer, runStress, samplePgBouncer, setupStressTenants, verifyStress, type StressTenant } from '@/harness/stress';

const REQUESTS = Number(process.env.STRESS_TEST_REQUESTS ?? 2000);
const TENANTS = Number(process.env.STRESS_TEST_TENANTS ?? 20);
const CONCURRENCY = Number(process.env.STRESS_TEST_CONCURRENCY ?? 32);

let app: AppServer;
let tenants: StressTenant[];

beforeAll(async () => {
  requirePooledUrl();
  await migrateShared(directDb());
  tenants = await setupStressTenants({ tenants: TENANTS, prefix: 'sti-', voters: 3 });
  app = await startApp({ ...testProcessEnv(), DB_POOL_MAX: '16' });
}, 300_000);

afterAll(async () => {
  await app?.stop();
  await stopTenancyListener();
  await closePools();
});

describe('isolation under mixed load through PgBouncer', () => {
  it('the checker flags foreign data (so a clean run means something)', () => {
    const [a, b] = [tenants[0]!, tenants[1]!];
    const own = { tenant: a.schema, polls: [{ question: `x [${a.sub}]`, choices: [{ choice_text: `y [${a.sub}]` }] }] };
    expect(inspectAnswer(a, own)).toEqual([]);
    expect(inspectAnswer(a, { ...own, tenant: b.schema })).not.toEqual([]);
    expect(inspectAnswer(a, { tenant: a.schema, polls: [{ question: `x [${b.sub}]`, choices: [] }] })).not.toEqual([]);
    expect(inspectAnswer(a, { tenant: a.schema, poll: { question: 'unmarked', choices: [] } })).not.toEqual([]);
  });

  it(`${REQUESTS} mixed requests over ${TENANTS} tenants: zero cross-tenant reads, zero lost acknowledged writes`, async () => {
    const env = testEnv();
    const sampler = env.pgbouncerAdminUrl ? samplePgBouncer(env.pgbouncerAdminUrl) : null;
    const report = await runStress({ port: app.port, tenants, requests: REQUESTS, concurrency: CONCURRENCY, seed: 7 });
    const pool = await sampler?.stop();
    const check = await verifyStress(tenants, report);
    console.log(
      `stress: ${report.requests} requests / ${TENANTS} tenants in ${(report.durationMs / 1000).toFixed(1)} s ` +
        `(${Math.round(report.rps)} req/s, p99 ${report.latencyMs.p99.toFixed(0)} ms); statuses ${JSON.stringify(report.statuses)} (${report.shed} shed); ` +
        `acked ${report.acked.polls.length} polls + ${report.acked.votes.length} votes; cross-tenant ${report.crossTenant}; ` +
        `lost ${check.lostPolls + check.lostVotes}; PgBouncer server conns ≤ ${pool?.maxServerConns} (pool ${env.poolSize})`,
    );
    expect(report.requests).toBe(REQUESTS);
    expect(report.crossTenantSamples).toEqual([]);
    expect(report.crossTenant).toBe(0);
    expect(report.failureSamples).toEqual([]);
    expect(check.lostSamples).toEqual([]);
    expect(check.lostPolls + check.lostVotes).toBe(0);
    expect(check.misplaced).toBe(0);
    expect(check.checkedTenants).toBe(TENANTS);
    // The run did exercise every kind of request, with real writes to check.
    for (const k of ['list', 'get', 'create', 'vote'] as const) expect(report.byKind[k].ok, k).toBeGreaterThan(REQUESTS / 20);
    expect(report.acked.votes.length).toBeGreaterThan(REQUESTS / 20);
    if (pool && pool.samples > 0) expect(pool.maxServerConns).toBeLessThanOrEqual(env.poolSize);
  }, 180_000); // ~15 s on an idle 2-core machine; generous for a shared one
});
