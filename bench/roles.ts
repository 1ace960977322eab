// npm run bench -- roles [--rounds 8] [--seconds 5] [--concurrency 32] [--pool 8] [--app] [--connections 50] [--rebuild]
//                        [--tenants 10000] [--provisions 100]
//
// The cost of two-role mode (issue 12), side by side in one run, rounds interleaved A,B,A,B…:
// 1. In process, through the same PgBouncer: a tenant read (`select … from polls limit 10`) in
//    withTenant (BEGIN + context batch, COMMIT) and in tenantStatement (one batch), on a pool that
//    logs in as the owner (single-role: no role switch) and on one that logs in as the request
//    role (two-role: `set_config('role', …, true)` in the same batch). Ratio two-role / single-role.
// 2. With --app: GET /api/polls on two production servers, one per mode (same build, same cluster).
// 3. With --tenants N: 10,000 roles — N tenants seeded in two-role mode (the seeder creates their
//    roles; the time of each tenth shows whether it slows down as roles accumulate), then
//    provisioning p50/p99 of new tenants with N present, the role drift check and the role sync
//    alone, `tenants migrate` (nothing to apply), checkMigrations and the CLI `migrate --check`
//    (a whole process), and a migrate that repairs one drifted tenant.
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { sql } from 'kysely';
import { directDb } from '@/lib/infra/db/pool';
import { provisionTenant } from '@/lib/platform/provision-tenant';
import { checkMigrations, migrateTenants } from '@/lib/tenancy/migrate/runner';
import { tenantStatement, withTenant } from '@/lib/tenancy/with-tenant';
import { checkRoleDrift, roleMode, syncTenantRoles } from '@/lib/tenancy/tenant-roles';
import { fmt, loadNote, log, machineInfo, median, num, parseArgs, summarize, table, writeResult } from './lib/common';
import { benchApp, clusterEnv, Resources } from './lib/env';
import { benchStack, benchTenant } from './lib/stack';
import { cannon } from './lib/load';
import { createTenants, ensureShared } from './lib/tenants';

async function opsFor(seconds: number, concurrency: number, op: () => Promise<unknown>): Promise<number> {
  const until = performance.now() + seconds * 1000;
  let n = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        await op();
        n++;
      }
    }),
  );
  return n / seconds;
}

export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const rounds = num(args, 'rounds', 8);
  const seconds = num(args, 'seconds', 5);
  const concurrency = num(args, 'concurrency', 32);
  const poolSize = num(args, 'pool', 8);
  const connections = num(args, 'connections', 50);
  const tenantsN = args.tenants ? num(args, 'tenants', 10000) : 0;
  const provisions = num(args, 'provisions', 100);
  const res = new Resources();
  try {
    const cluster = await benchStack(res, { poolSize, migrateShared: false });
    if (!cluster.requestPooledUrl) throw new Error('the cluster has no request role URL');
    // This process runs in two-role mode: provisioning creates the roles, migrate repairs them.
    process.env.DATABASE_URL = cluster.requestPooledUrl;
    await ensureShared();
    await migrateTenants(directDb());
    log(`mode: ${JSON.stringify(roleMode())}`);
    const schema = 'bench_r';
    await benchTenant({ schema, name: 'Bench R', domain: 'bench-r.localhost' }, { polls: 10, choices: 4, votes: 20 });

    // --- 1. in process ----------------------------------------------------------------------
    const single = new pg.Pool({ connectionString: cluster.pooledUrl!, max: 16 });
    const two = new pg.Pool({ connectionString: cluster.requestPooledUrl, max: 16 });
    res.add('bench pools', async () => {
      await single.end();
      await two.end();
    });
    const read = (pool: pg.Pool) => () =>
      withTenant({ schema }, (db) => db.selectFrom('polls').select(['id', 'question']).limit(10).execute(), pool);
    const stmt = (pool: pg.Pool) => () =>
      tenantStatement({ schema }, (db) => db.selectFrom('polls').select(['id', 'question']).limit(10), pool);
    const who = await tenantStatement({ schema }, (db) => db.selectNoFrom(sql<string>`current_user`.as('u')), two);
    const whoSingle = await tenantStatement({ schema }, (db) => db.selectNoFrom(sql<string>`current_user`.as('u')), single);
    log(`roles inside a tenant statement: single-role pool → ${whoSingle[0].u}, two-role pool → ${who[0].u}`);
    const sides = [
      { label: 'withTenant read, single-role', op: read(single) },
      { label: 'withTenant read, two-role', op: read(two) },
      { label: 'tenantStatement read, single-role', op: stmt(single) },
      { label: 'tenantStatement read, two-role', op: stmt(two) },
    ];
    for (const s of sides) await opsFor(1, concurrency, s.op); // warm-up
    const results: Record<string, number[]> = Object.fromEntries(sides.map((s) => [s.label, []]));
    for (let i = 0; i < rounds; i++) {
      // Alternate which side goes first so drift in the neighbours' load hits both.
      const order = i % 2 === 0 ? sides : [sides[1], sides[0], sides[3], sides[2]];
      for (const s of order) results[s.label].push(await opsFor(seconds, concurrency, s.op));
      log(`round ${i + 1}/${rounds}: ${sides.map((s) => `${fmt(results[s.label][i], 0)}`).join(' / ')} ops/s (${loadNote()})`);
    }
    const pairRatio = (a: string, b: string) => results[b].map((x, i) => x / results[a][i]);
    const txRatios = pairRatio(sides[0].label, sides[1].label);
    const stRatios = pairRatio(sides[2].label, sides[3].label);
    console.log(
      '\n' +
        table(
          ['side', 'ops/s median', 'min', 'max'],
          sides.map((s) => {
            const x = summarize(results[s.label]);
            return [s.label, fmt(median(results[s.label]), 0), fmt(x.min, 0), fmt(x.max, 0)];
          }),
        ),
    );
    console.log(
      `two-role / single-role: withTenant ${fmt(median(txRatios), 3)} (pairs ${txRatios.map((r) => fmt(r, 2)).join(' ')}), ` +
        `tenantStatement ${fmt(median(stRatios), 3)} (pairs ${stRatios.map((r) => fmt(r, 2)).join(' ')})`,
    );

    // --- 2. through the app -------------------------------------------------------------------
    let app: { single: number[]; two: number[]; ratios: number[] } | null = null;
    if (args.app) {
      const a = await benchApp(cluster, { DATABASE_URL: cluster.pooledUrl!, DB_POOL_MAX: '16' }, !!args.rebuild);
      res.add('app single', () => a.stop());
      const b = await benchApp(cluster, { DATABASE_URL: cluster.requestPooledUrl, DB_POOL_MAX: '16' });
      res.add('app two', () => b.stop());
      const verify = (status: number, body: string) => status === 200 && body.startsWith(`{"tenant":"${schema}"`);
      const run = (port: number, label: string, s: number) =>
        cannon({ label, port, host: `bench-r.localhost:${port}`, path: '/api/polls', connections, durationS: s, verify });
      await run(a.port, 'warm', 3);
      await run(b.port, 'warm', 3);
      app = { single: [], two: [], ratios: [] };
      for (let i = 0; i < rounds; i++) {
        const first = i % 2 === 0;
        const x = first ? await run(a.port, 'single', seconds) : null;
        const y = await run(b.port, 'two', seconds);
        const xx = x ?? (await run(a.port, 'single', seconds));
        if (xx.mismatches + y.mismatches + xx.non2xx + y.non2xx > 0) throw new Error('a response was wrong or not 200');
        app.single.push(xx.rps);
        app.two.push(y.rps);
        app.ratios.push(y.rps / xx.rps);
        log(
          `app round ${i + 1}/${rounds}: single ${fmt(xx.rps, 0)} req/s, two-role ${fmt(y.rps, 0)} req/s → ${fmt(y.rps / xx.rps, 3)} (${loadNote()})`,
        );
      }
      console.log(`GET /api/polls two-role / single-role: median ${fmt(median(app.ratios), 3)}`);
    }

    // --- 3. 10,000 roles ------------------------------------------------------------------------
    let many: Record<string, unknown> | null = null;
    if (tenantsN > 0) {
      // The seeder reports every 10 %: the time of each tenth shows whether it slows down as roles accumulate.
      const seedStart = performance.now();
      const tenths: number[] = [];
      const seed = await createTenants(tenantsN, {
        prefix: 'rr',
        concurrency: 2,
        onProgress: () => tenths.push(performance.now() - seedStart),
      });
      const roles = await sql<{ n: number }>`select count(*)::int as n from pg_roles where rolname like 'tenant_rr%'`.execute(directDb());
      const perTenth = tenths.map((t, i) => t - (i === 0 ? 0 : tenths[i - 1]));
      log(
        `seeded ${tenantsN} tenants with their roles in ${fmt(seed.ms / 1000, 1)} s (${roles.rows[0].n} tenant roles); ` +
          `each tenth: ${perTenth.map((x) => fmt(x / 1000, 1)).join(' / ')} s`,
      );
      const prov: number[] = [];
      for (let i = 0; i < provisions; i++) {
        const t0 = performance.now();
        await provisionTenant(directDb(), { schema: `rp_${i}`, name: `rp ${i}`, domain: `rp-${i}.localhost` });
        await withTenant({ schema: `rp_${i}` }, (db) => db.selectFrom('polls').select('id').limit(1).execute());
        prov.push(performance.now() - t0);
      }
      const p = summarize(prov);
      log(`provision + first query through PgBouncer as the new role: p50 ${fmt(p.p50, 1)} ms, p99 ${fmt(p.p99, 1)} ms (n=${provisions})`);
      const timed = async <T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> => {
        const t0 = performance.now();
        const value = await fn();
        return { ms: performance.now() - t0, value };
      };
      const drift = await timed(() => checkRoleDrift(directDb()));
      const sync = await timed(() => syncTenantRoles(directDb()));
      const migrate = await timed(() => migrateTenants(directDb()));
      const check = await timed(() => checkMigrations(directDb()));
      // The whole CLI process (npm, tsx, connect, queries), as an operator runs it.
      const cliEnv = { ...process.env, ...clusterEnv(cluster), DATABASE_URL: cluster.requestPooledUrl };
      const cli = await timed(async () =>
        spawnSync('npm', ['run', '--silent', 'tenants', '--', 'migrate', '--check'], { env: cliEnv, encoding: 'utf8', timeout: 300_000 }),
      );
      const cliTail = `${cli.value.stdout ?? ''}${cli.value.stderr ?? ''}`.trim().split('\n').slice(-2).join(' | ');
      log(`npm run tenants -- migrate --check: exit ${cli.value.status} in ${fmt(cli.ms, 0)} ms (${cliTail})`);
      // Break one tenant's grant and time the repair run too.
      await sql`revoke select on rr_1.polls from tenant_rr_1`.execute(directDb());
      let repaired = -1;
      const repair = await timed(() => migrateTenants(directDb(), { onRoles: (r) => (repaired = r.repaired.length) }));
      many = {
        tenants: tenantsN + provisions + 1,
        seedMs: seed.ms,
        seedTenthsMs: perTenth,
        provisionMs: { n: provisions, p50: p.p50, p90: p.p90, p99: p.p99, max: p.max },
        checkRoleDriftMs: drift.ms,
        syncTenantRolesMs: sync.ms,
        migrateNothingMs: migrate.ms,
        checkMs: check.ms,
        checkDrift: check.value.roles.tenants.length + check.value.roles.global.length,
        cliCheckMs: cli.ms,
        cliCheckExit: cli.value.status,
        repairOneMs: repair.ms,
        repaired,
      };
      console.log(
        `\nwith ${tenantsN} tenant roles present: provision+first query p50 ${fmt(p.p50, 1)} ms (p99 ${fmt(p.p99, 1)}, n=${provisions}); ` +
          `checkRoleDrift ${fmt(drift.ms, 0)} ms (${drift.value.tenants.length} drift); role sync ${fmt(sync.ms, 0)} ms; ` +
          `migrate (nothing to apply, role sync) ${fmt(migrate.ms, 0)} ms; checkMigrations ${fmt(check.ms, 0)} ms; ` +
          `CLI migrate --check ${fmt(cli.ms, 0)} ms (exit ${cli.value.status}); migrate repairing 1 drifted tenant ${fmt(repair.ms, 0)} ms (${repaired} repaired)`,
      );
    }

    writeResult('roles', {
      bench: 'roles',
      command: `npm run bench -- roles ${argv.join(' ')}`.trim(),
      machine: machineInfo(),
      config: { rounds, seconds, concurrency, pgbouncerPoolSize: poolSize, connections },
      inProcess: { results, withTenantRatio: median(txRatios), tenantStatementRatio: median(stRatios), txRatios, stRatios },
      app,
      many,
    });
    return 0;
  } finally {
    await res.close();
  }
}
