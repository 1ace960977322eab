// npm run bench -- seed [--tenants 2000 --polls 15 --choices 5 --votes 25] [--concurrency N] [--batch-size N] [--pool 8]
//                       [--direct-max-uses N]   (DB_DIRECT_MAX_USES for the CLI; 0 = never recycle, the old behaviour)
//
// Times the CLI exactly as a developer runs it, against a fresh PostgreSQL + PgBouncer:
//   npm run tenants -- migrate --shared            (setup, not counted)
//   npm run tenants -- seed --tenants 2000 --polls 15 --choices 5 --votes 25
// (= 30,000 polls, 150,000 choices, 750,000 votes, 50,000 users), wall clock of the whole command,
// then counts every row in every seeded schema to check that the data is really there.
import { spawn } from 'node:child_process';
import { sql } from 'kysely';
import { directDb } from '@/lib/infra/db/pool';
import { mapLimit } from '@/lib/tenancy/migrate/runner';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { ROOT, fmt, loadNote, log, machineInfo, num, parseArgs, printVerdicts, table, verdict, writeResult } from './lib/common';
import { cpuDelta, cpuSnapshot } from './lib/cpu';
import { clusterEnv, Resources } from './lib/env';
import { benchStack } from './lib/stack';

function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; ms: number; out: string }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn('npm', ['run', '--silent', 'tenants', '--', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const take = (d: Buffer) => {
      const s = d.toString();
      out += s;
      for (const line of s.split('\n')) if (line.trim()) console.log(`  | ${line}`);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, ms: performance.now() - t0, out }));
  });
}

export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const shape = {
    tenants: num(args, 'tenants', 2000),
    polls: num(args, 'polls', 15),
    choices: num(args, 'choices', 5),
    votes: num(args, 'votes', 25),
  };
  const poolSize = num(args, 'pool', 8);
  const extra: string[] = [];
  if (args.concurrency !== undefined) extra.push('--concurrency', String(num(args, 'concurrency', 2)));
  if (args['batch-size'] !== undefined) extra.push('--batch-size', String(num(args, 'batch-size', 10)));
  const res = new Resources();
  try {
    const cluster = await benchStack(res, { poolSize, migrateShared: false });
    const env: NodeJS.ProcessEnv = { ...process.env, ...clusterEnv(cluster), ROOT_DOMAIN: 'localhost' };
    delete env.DB_DIRECT_POOL_MAX;
    if (args['direct-max-uses'] !== undefined) env.DB_DIRECT_MAX_USES = String(num(args, 'direct-max-uses', 10));
    const shared = await runCli(['migrate', '--shared'], env);
    if (shared.code !== 0) throw new Error(`migrate --shared failed (${shared.code})`);
    log(`migrate --shared: ${fmt(shared.ms, 0)} ms`);

    const seedArgs = [
      'seed',
      '--tenants',
      String(shape.tenants),
      '--polls',
      String(shape.polls),
      '--choices',
      String(shape.choices),
      '--votes',
      String(shape.votes),
      ...extra,
    ];
    const command = `npm run tenants -- ${seedArgs.join(' ')}`;
    log(`${command} (${loadNote()})`);
    const c0 = cpuSnapshot(undefined, cluster);
    const seed = await runCli(seedArgs, env);
    const cpu = cpuDelta(c0, cpuSnapshot(undefined, cluster));
    log(`seed exit ${seed.code} in ${fmt(seed.ms / 1000, 2)} s wall; PostgreSQL CPU ${fmt(cpu.postgres / 1000, 1)} s (${loadNote()})`);
    if (seed.code !== 0) throw new Error(`seed failed (exit ${seed.code})`);

    // Count what is really there, schema by schema.
    const tenants = await directDb().selectFrom('public.tenants').select('schema_name').execute();
    const t0 = performance.now();
    const counts = await mapLimit(tenants, 4, async (t) =>
      withTenant(
        { schema: t.schema_name },
        async (db) =>
          (
            await sql<{
              u: number;
              p: number;
              c: number;
              v: number;
            }>`select (select count(*)::int from users) u, (select count(*)::int from polls) p,
            (select count(*)::int from choices) c, (select count(*)::int from votes) v`.execute(db)
          ).rows[0],
        directDb(),
      ),
    );
    const got = counts.reduce((a, r) => ({ u: a.u + r.u, p: a.p + r.p, c: a.c + r.c, v: a.v + r.v }), { u: 0, p: 0, c: 0, v: 0 });
    const want = {
      tenants: shape.tenants,
      users: shape.tenants * shape.votes,
      polls: shape.tenants * shape.polls,
      choices: shape.tenants * shape.polls * shape.choices,
      votes: shape.tenants * shape.polls * shape.votes,
    };
    const size = await sql<{ mb: number }>`select (pg_database_size(current_database()) / 1048576)::int as mb`.execute(directDb());
    log(`counted in ${fmt((performance.now() - t0) / 1000, 1)} s; database size ${size.rows[0].mb} MB`);
    console.log(
      '\n' +
        table(
          ['rows', 'expected', 'found'],
          [
            ['tenants', want.tenants, tenants.length],
            ['users', want.users, got.u],
            ['polls', want.polls, got.p],
            ['choices', want.choices, got.c],
            ['votes', want.votes, got.v],
          ],
        ),
    );
    const ok =
      tenants.length === want.tenants && got.u === want.users && got.p === want.polls && got.c === want.choices && got.v === want.votes;
    const verdicts = [verdict(`${command}`, seed.ms / 1000, 's', '<=', 60)];
    printVerdicts(verdicts);
    if (!ok) console.log('ERROR: the seeded rows do not match the request');
    const reported = /in ([\d.]+) (ms|s)\b/.exec(seed.out.split('\n').find((l) => l.startsWith('seeded ')) ?? '');
    writeResult('seed', {
      bench: 'seed',
      command: `npm run bench -- seed ${argv.join(' ')}`.trim(),
      cliCommand: command,
      machine: machineInfo(),
      config: { ...shape, extra, pgbouncerPoolSize: poolSize, directMaxUses: env.DB_DIRECT_MAX_USES ?? 'default (lib/infra/db/pool.ts)' },
      wallMs: seed.ms,
      seederReported: reported ? `${reported[1]} ${reported[2]}` : null,
      postgresCpuMs: cpu.postgres,
      expected: want,
      found: { tenants: tenants.length, users: got.u, polls: got.p, choices: got.c, votes: got.v },
      databaseMB: size.rows[0].mb,
      verified: ok,
      output: seed.out.split('\n').slice(-20),
      verdicts,
    });
    return ok ? 0 : 1;
  } finally {
    await res.close();
  }
}
