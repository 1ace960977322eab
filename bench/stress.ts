/**
 * Isolation at load: ≥ 100,000 mixed requests (list/get reads, poll creation, votes) over ≥ 200
 * tenants against the production build, app → PgBouncer (transaction pooling, pool 4) →
 * PostgreSQL. Passes only with zero cross-tenant reads, zero lost acknowledged writes (checked
 * over the direct connection), no unexpected status, and PgBouncer server connections ≤ its pool.
 * The logic lives in harness/stress.ts (shared with test/integration/stress.test.ts).
 *
 *   npm run bench -- stress [--requests 100000] [--tenants 200] [--concurrency 64] [--pool 4]
 *                           [--voters 3] [--seed 1] [--dist-dir .next-bench] [--rebuild]
 *   npx tsx bench/stress.ts …            (the same, standalone)
 *
 * Environment equivalents: STRESS_REQUESTS, STRESS_TENANTS, STRESS_CONCURRENCY, STRESS_POOL_SIZE,
 * STRESS_DIST_DIR. Writes bench/results/stress-<timestamp>.json; exit code 1 on any violation.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startApp, type AppServer } from '@/harness/app-server';
import { startCluster, type Cluster } from '@/harness/cluster';
import { runStress, samplePgBouncer, setupStressTenants, verifyStress } from '@/harness/stress';
import { ensureBenchBuild } from './lib/env';

const ROOT = path.resolve(__dirname, '..');

function option(args: string[], name: string, env: string, def: string): string {
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i !== -1) {
    const a = args[i]!;
    const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`--${name} needs a value`);
    return v;
  }
  return process.env[env] ?? def;
}

function int(args: string[], name: string, env: string, def: number, min: number): number {
  const v = Number(option(args, name, env, String(def)));
  if (!Number.isInteger(v) || v < min) throw new Error(`--${name} must be an integer ≥ ${min}`);
  return v;
}

const log = (m: string) => console.log(`[stress ${new Date().toISOString().slice(11, 19)}] ${m}`);

export async function main(args: string[]): Promise<number> {
  const requests = int(args, 'requests', 'STRESS_REQUESTS', 100_000, 1);
  const tenantCount = int(args, 'tenants', 'STRESS_TENANTS', 200, 2);
  const concurrency = int(args, 'concurrency', 'STRESS_CONCURRENCY', 64, 1);
  const poolSize = int(args, 'pool', 'STRESS_POOL_SIZE', 4, 1);
  const voters = int(args, 'voters', 'STRESS_VOTERS', 3, 1);
  const seed = int(args, 'seed', 'STRESS_SEED', 1, 0);
  const distDir = option(args, 'dist-dir', 'STRESS_DIST_DIR', '.next-bench');

  let cluster: Cluster | null = null;
  let app: AppServer | null = null;
  try {
    const t0 = Date.now();
    cluster = await startCluster({ poolSize, requirePgbouncer: true });
    const env: Record<string, string> = { DIRECT_DATABASE_URL: cluster.directUrl, DATABASE_URL: cluster.pooledUrl! };
    Object.assign(process.env, env, { LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', QUORUM_NO_LISTEN: '1' });
    log(
      `cluster: postgres :${cluster.pgPort}, pgbouncer :${cluster.bouncerPort} (transaction pooling, pool ${poolSize}) in ${Date.now() - t0} ms`,
    );

    const { migrateShared } = await import('@/lib/tenancy/migrate/runner');
    const { directDb } = await import('@/lib/infra/db/pool');
    await migrateShared(directDb());
    const t1 = Date.now();
    const tenants = await setupStressTenants({ tenants: tenantCount, prefix: 'st-', voters, log });
    log(`${tenantCount} tenants × (1 admin + ${voters} voters, tokens, 1 seeded poll) in ${((Date.now() - t1) / 1000).toFixed(1)} s`);

    ensureBenchBuild(args.includes('--rebuild'), distDir);
    app = await startApp({ ...env, DB_POOL_MAX: '16' }, { distDir });
    log(`server.ts (${distDir}) on :${app.port}; ${requests} requests, concurrency ${concurrency}`);

    const sampler = samplePgBouncer(cluster.pgbouncerAdminUrl!);
    const report = await runStress({ port: app.port, tenants, requests, concurrency, seed, log });
    const pool = await sampler.stop();
    log('verifying every acknowledged write over the direct connection …');
    const check = await verifyStress(tenants, report);

    const summary = {
      requests: report.requests,
      tenants: report.tenants,
      concurrency,
      pgbouncerPool: poolSize,
      durationS: Number((report.durationMs / 1000).toFixed(1)),
      reqPerS: Math.round(report.rps),
      latencyMs: Object.fromEntries(Object.entries(report.latencyMs).map(([k, v]) => [k, Number(v.toFixed(1))])),
      statuses: report.statuses,
      byKind: report.byKind,
      acknowledged: { polls: report.acked.polls.length, votes: report.acked.votes.length },
      crossTenantReads: report.crossTenant,
      unexpectedStatuses: report.failures,
      shed503: report.shed,
      lostWrites: check.lostPolls + check.lostVotes,
      misplacedRows: check.misplaced,
      unacknowledgedRows: check.unacknowledged,
      pgbouncerPeak: pool,
    };
    console.log(`\n${JSON.stringify(summary, null, 2)}`);
    for (const s of [...report.crossTenantSamples, ...report.failureSamples, ...check.lostSamples]) console.log(`  ! ${s}`);

    const ok =
      report.requests === requests &&
      report.crossTenant === 0 &&
      report.failures === 0 &&
      summary.lostWrites === 0 &&
      check.misplaced === 0 &&
      check.checkedTenants === tenantCount &&
      (pool.samples === 0 || pool.maxServerConns <= poolSize);
    const dir = path.join(ROOT, 'bench', 'results');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `stress-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    fs.writeFileSync(
      file,
      JSON.stringify(
        {
          bench: 'stress',
          ok,
          at: new Date().toISOString(),
          machine: { cpus: os.cpus().length, loadavg: os.loadavg() },
          ...summary,
          samples: { crossTenant: report.crossTenantSamples, failures: report.failureSamples, lost: check.lostSamples },
        },
        null,
        2,
      ),
    );
    if (!ok) console.log(`--- app output (tail) ---\n${app.output().slice(-4000)}`);
    log(
      `${ok ? 'PASS' : 'FAIL'}: ${summary.crossTenantReads} cross-tenant reads, ${summary.lostWrites} lost writes, ${summary.unexpectedStatuses} unexpected statuses, ${summary.shed503} shed (503), server conns ≤ ${pool.maxServerConns}; ${path.relative(ROOT, file)}`,
    );
    return ok ? 0 : 1;
  } finally {
    await app?.stop();
    const { closePools } = await import('@/lib/infra/db/pool');
    await closePools().catch(() => undefined);
    await cluster?.stop();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => setTimeout(() => process.exit(code), 100).unref(),
    (err: unknown) => {
      console.error(err instanceof Error ? (err.stack ?? err.message) : err);
      process.exit(1);
    },
  );
}
