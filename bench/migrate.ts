// npm run bench -- migrate [--tenants 1000] [--check-tenants 10000] [--concurrency 4,8] [--check-runs 5]
//                          [--polls 5 --choices 4 --votes 10] [--seed-concurrency 2] [--pool 8]
//
// 1. `--tenants` tenants (bulk seeder, with some data), then ONE new synthetic tenant migration
//    (add a column + build an index on polls) applied to all of them with migrateTenants
//    (lib/migrate/runner.ts, `migrations` option), timed. With several --concurrency values, each
//    level applies its own new synthetic migration, so levels are compared on the same tenants.
// 2. Grow to `--check-tenants` tenants; time checkMigrations (in process) and, when lib/cli/main.ts
//    exists, the CLI `npm run tenants -- migrate --check` (a whole process: npm, tsx, connect, query).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { directDb } from '@/lib/infra/db/pool';
import { checkMigrations, migrateTenants, type SchemaResult } from '@/lib/tenancy/migrate/runner';
import type { Migration } from '@/migrations/types';
import { tenantMigrations } from '@/migrations/tenant';
import {
  ROOT,
  fmt,
  loadNote,
  log,
  machineInfo,
  num,
  parseArgs,
  printVerdicts,
  summarize,
  table,
  verdict,
  writeResult,
  type Verdict,
} from './lib/common';
import { clusterEnv, Resources } from './lib/env';
import { benchStack } from './lib/stack';
import { createTenants, tenantCount } from './lib/tenants';

/** A new tenant migration: a nullable column (catalog-only) and an index build over polls. */
function synthetic(k: number): Migration {
  return {
    name: `2026_11_23_9${String(k).padStart(2, '0')}_bench_synthetic`,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema.alterTable('polls').addColumn(`bench_note_${k}`, 'text').execute();
      await db.schema.createIndex(`polls_bench_${k}_idx`).on('polls').columns(['created_by', 'pub_date']).execute();
    },
  };
}

export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const nTenants = num(args, 'tenants', 1000);
  const nCheck = num(args, 'check-tenants', 10_000);
  const levels = String(args.concurrency ?? '4,8')
    .split(',')
    .map((s) => Number(s.trim()))
    .filter((n) => n > 0);
  const checkRuns = num(args, 'check-runs', 5);
  const data = { polls: num(args, 'polls', 5), choices: num(args, 'choices', 4), votes: num(args, 'votes', 10) };
  const seedConcurrency = num(args, 'seed-concurrency', 2);
  const poolSize = num(args, 'pool', 8);
  // migrateTenants runs on the direct pool: let it have as many connections as the level wants.
  process.env.DB_DIRECT_POOL_MAX = String(Math.max(4, ...levels));
  const res = new Resources();
  const verdicts: Verdict[] = [];
  try {
    const cluster = await benchStack(res, { poolSize });
    log(`creating ${nTenants} tenants (${data.polls} polls × ${data.choices} choices, ${data.votes} votes per poll each) …`);
    const made = await createTenants(nTenants, { prefix: 'mig', concurrency: seedConcurrency, data });
    log(`${nTenants} tenants via the seeder in ${fmt(made.ms / 1000)} s (${loadNote()})`);

    // --- one new migration over nTenants, per concurrency level ---------------------------------
    let migrations = [...tenantMigrations];
    const runs: {
      concurrency: number;
      migration: string;
      ms: number;
      applied: number;
      failed: number;
      perSchema: ReturnType<typeof summarize>;
      verified: number;
      load: string;
    }[] = [];
    for (const [k, concurrency] of levels.entries()) {
      const m = synthetic(k + 1);
      migrations = [...migrations, m];
      const t0 = performance.now();
      const results: SchemaResult[] = await migrateTenants(directDb(), { migrations, concurrency });
      const ms = performance.now() - t0;
      const failed = results.filter((r) => r.error);
      const applied = results.filter((r) => !r.error && r.applied.includes(m.name)).length;
      // Verify in the catalog: the index exists in every tenant schema.
      const idx = await sql<{
        n: number;
      }>`select count(*)::int as n from pg_indexes where indexname = ${`polls_bench_${k + 1}_idx`}`.execute(directDb());
      const run = {
        concurrency,
        migration: m.name,
        ms,
        applied,
        failed: failed.length,
        perSchema: summarize(results.map((r) => r.ms)),
        verified: idx.rows[0].n,
        load: loadNote(),
      };
      runs.push(run);
      log(
        `concurrency ${concurrency}: ${applied}/${results.length} schemas in ${fmt(ms / 1000, 2)} s, ${failed.length} failed, index present in ${run.verified} schemas (${run.load})`,
      );
      if (failed.length) log(`  first failure: ${failed[0].schema}: ${failed[0].error}`);
    }
    console.log(
      '\n' +
        table(
          ['concurrency', 'schemas', 'total s', 'per schema p50 ms', 'p99 ms', 'failed', 'verified'],
          runs.map((r) => [
            String(r.concurrency),
            String(r.applied),
            fmt(r.ms / 1000, 2),
            fmt(r.perSchema.p50),
            fmt(r.perSchema.p99),
            String(r.failed),
            String(r.verified),
          ]),
        ),
    );
    const best = runs.reduce((a, b) => (b.ms < a.ms ? b : a));
    for (const r of runs)
      verdicts.push(verdict(`1 migration × ${r.applied} tenants, concurrency ${r.concurrency}`, r.ms / 1000, 's', '<=', 30));

    // --- grow to nCheck tenants; checkMigrations and the CLI --check ----------------------------
    const have = await tenantCount();
    if (nCheck > have) {
      log(`creating ${nCheck - have} more tenants (empty) …`);
      const more = await createTenants(nCheck - have, { prefix: 'chk', concurrency: seedConcurrency });
      log(`${nCheck - have} tenants via the seeder in ${fmt(more.ms / 1000)} s (${loadNote()})`);
    }
    const total = await tenantCount();
    const checks: number[] = [];
    let report = await checkMigrations(directDb(), { migrations });
    for (let i = 0; i < checkRuns; i++) {
      const t0 = performance.now();
      report = await checkMigrations(directDb(), { migrations });
      checks.push(performance.now() - t0);
    }
    const cs = summarize(checks);
    log(
      `checkMigrations over ${report.total} tenants: p50 ${fmt(cs.p50)} ms, max ${fmt(cs.max)} ms; up to date ${report.upToDate}, behind ${report.behind.length}, failed ${report.failed.length}, missing schema ${report.missingSchema.length}`,
    );
    verdicts.push(verdict(`checkMigrations over ${report.total} tenants (max of ${checkRuns})`, cs.max, 'ms', '<=', 3000));

    const cli: { ms: number; code: number | null; tail: string }[] = [];
    const cliMain = path.join(ROOT, 'lib', 'cli', 'main.ts');
    if (fs.existsSync(cliMain)) {
      const env = { ...process.env, ...clusterEnv(cluster) };
      delete env.DB_DIRECT_POOL_MAX;
      for (let i = 0; i < Math.max(1, Math.min(3, checkRuns)); i++) {
        const t0 = performance.now();
        const r = spawnSync('npm', ['run', '--silent', 'tenants', '--', 'migrate', '--check'], {
          cwd: ROOT,
          env,
          encoding: 'utf8',
          timeout: 120_000,
        });
        const ms = performance.now() - t0;
        const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n');
        cli.push({ ms, code: r.status, tail: out.slice(-6).join('\n') });
        log(`npm run tenants -- migrate --check: exit ${r.status} in ${fmt(ms)} ms`);
      }
      console.log(`CLI output (last run, tail):\n${cli[cli.length - 1].tail}`);
      const c = summarize(cli.map((x) => x.ms));
      verdicts.push(verdict(`npm run tenants -- migrate --check, ${total} tenants (p50 of ${cli.length})`, c.p50, 'ms', '<=', 3000));
    } else {
      log('lib/cli/main.ts does not exist yet: CLI --check not timed');
    }

    printVerdicts(verdicts);
    writeResult('migrate', {
      bench: 'migrate',
      command: `npm run bench -- migrate ${argv.join(' ')}`.trim(),
      machine: machineInfo(),
      config: {
        tenants: nTenants,
        checkTenants: nCheck,
        levels,
        checkRuns,
        data,
        seedConcurrency,
        pgbouncerPoolSize: poolSize,
        directPoolMax: process.env.DB_DIRECT_POOL_MAX,
      },
      create: { ms: made.ms },
      migrate: runs,
      best: { concurrency: best.concurrency, s: best.ms / 1000 },
      check: {
        tenants: total,
        runsMs: checks,
        summary: cs,
        report: {
          total: report.total,
          upToDate: report.upToDate,
          behind: report.behind.length,
          failed: report.failed.length,
          missingSchema: report.missingSchema.length,
        },
      },
      cli,
      verdicts,
    });
    return 0;
  } finally {
    await res.close();
  }
}
