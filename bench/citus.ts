// npm run bench -- citus [--tenants 1000] [--samples 40] [--duration 10] [--connections 20]
//                        [--big-polls 100] [--big-users 1000] [--seed-concurrency 2] [--pool 8] [--rebuild]
//
// The same app on plain PostgreSQL and on Citus (coordinator + 2 workers, schema-based sharding),
// one after the other in one run, each behind PgBouncer (transaction mode):
//   1. `--tenants` tenants with the bulk seeder (timed);
//   2. provisioning: `--samples` signups (provisionTenant) one at a time → p50/p99;
//   3. GET /api/polls on one tenant host with autocannon → req/s, p99;
//   4. one new tenant migration (a column + an index on polls) over every tenant (migrateTenants);
//   5. Citus only: a tenant with `--big-polls` x `--big-users` votes (100,000 by default) moved to
//      the other worker (citus_schema_move, lib/platform/placement.ts) while two readers (GET
//      /api/polls) and two writers (POST /api/polls) run against it: move duration, failed
//      requests, and acknowledged writes missing afterwards.
import type { Kysely } from 'kysely';
import { directDb } from '@/lib/infra/db/pool';
import { migrateTenants } from '@/lib/tenancy';
import type { Migration } from '@/migrations/types';
import { moveTenant, tenantNodes } from '@/lib/platform/placement';
import { provisionTenantWithAdmin } from '@/lib/features/organisation/provision-with-admin';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { startCitusCluster } from '@/harness/citus-cluster';
import {
  fmt,
  loadNote,
  log,
  machineInfo,
  num,
  parseArgs,
  printVerdicts,
  sleep,
  summarize,
  table,
  verdict,
  writeResult,
} from './lib/common';
import { benchApp, clusterEnv, request, Resources } from './lib/env';
import { benchStack } from './lib/stack';
import { cannon } from './lib/load';
import { createTenants, tenantCount } from './lib/tenants';

interface MoveFigures {
  schema: string;
  votes: number;
  bytes: number;
  from: string;
  to: string;
  moveMs: number;
  requests: number;
  failed: number;
  failures: string[];
  writesAcked: number;
  writesLost: number;
  worstLatencyMs: number;
}

interface BackendFigures {
  backend: 'postgres' | 'citus';
  tenants: number;
  seedMs: number;
  provision: ReturnType<typeof summarize>;
  api: { rps: number; p99: number; non2xx: number; errors: number };
  migration: { ms: number; tenants: number; failed: number };
  move: MoveFigures | null;
}

const synthetic: Migration = {
  name: '2026_11_27_900_bench_citus_synthetic',
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>) {
    await db.schema.alterTable('polls').addColumn('bench_note', 'text').execute();
    await db.schema.createIndex('polls_bench_note_idx').on('polls').columns(['created_by', 'pub_date']).execute();
  },
};

export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const o = {
    tenants: num(args, 'tenants', 1000),
    samples: num(args, 'samples', 40),
    durationS: num(args, 'duration', 10),
    connections: num(args, 'connections', 20),
    bigPolls: num(args, 'big-polls', 100),
    bigUsers: num(args, 'big-users', 1000),
    seedConcurrency: num(args, 'seed-concurrency', 2),
    pool: num(args, 'pool', 8),
  };
  const results: BackendFigures[] = [];
  for (const backend of ['postgres', 'citus'] as const) {
    results.push(await runBackend(backend, o, !!args.rebuild && backend === 'postgres'));
  }

  const [pgr, cit] = results;
  const rows: (string | number)[][] = [
    ['tenants', pgr.tenants, cit.tenants],
    [`seed ${o.tenants} tenants (s)`, fmt(pgr.seedMs / 1000), fmt(cit.seedMs / 1000)],
    ['provisioning p50 (ms)', fmt(pgr.provision.p50), fmt(cit.provision.p50)],
    ['provisioning p99 (ms)', fmt(pgr.provision.p99), fmt(cit.provision.p99)],
    ['GET /api/polls req/s', fmt(pgr.api.rps, 0), fmt(cit.api.rps, 0)],
    ['GET /api/polls p99 (ms)', fmt(pgr.api.p99), fmt(cit.api.p99)],
    ['GET /api/polls non-2xx + errors', pgr.api.non2xx + pgr.api.errors, cit.api.non2xx + cit.api.errors],
    ['one migration over all tenants (s)', fmt(pgr.migration.ms / 1000), fmt(cit.migration.ms / 1000)],
    [
      '  tenants migrated / failed',
      `${pgr.migration.tenants} / ${pgr.migration.failed}`,
      `${cit.migration.tenants} / ${cit.migration.failed}`,
    ],
  ];
  const m = cit.move;
  if (m) {
    rows.push(
      [`move of a ${m.votes.toLocaleString('en-GB')}-vote tenant (s)`, '-', fmt(m.moveMs / 1000, 2)],
      ['  size (MB)', '-', fmt(m.bytes / 1024 / 1024)],
      ['  requests during the move / failed', '-', `${m.requests} / ${m.failed}`],
      ['  acknowledged writes / lost', '-', `${m.writesAcked} / ${m.writesLost}`],
      ['  worst request latency (ms)', '-', fmt(m.worstLatencyMs)],
    );
  }
  console.log('\n' + table(['', 'PostgreSQL', 'Citus (1 coordinator + 2 workers)'], rows));
  const verdicts = [
    ...(m
      ? [
          verdict('failed requests during the move', m.failed, '', '<=', 0),
          verdict('acknowledged writes lost in the move', m.writesLost, '', '<=', 0),
        ]
      : []),
    verdict('migration failures on Citus', cit.migration.failed, '', '<=', 0),
  ];
  printVerdicts(verdicts);
  writeResult('citus', {
    bench: 'citus',
    command: `npm run bench -- citus ${argv.join(' ')}`.trim(),
    machine: machineInfo(),
    config: o,
    results,
    verdicts,
  });
  return verdicts.every((v) => v.pass) ? 0 : 1;
}

async function runBackend(
  backend: 'postgres' | 'citus',
  o: {
    tenants: number;
    samples: number;
    durationS: number;
    connections: number;
    bigPolls: number;
    bigUsers: number;
    seedConcurrency: number;
    pool: number;
  },
  rebuild: boolean,
): Promise<BackendFigures> {
  const res = new Resources();
  try {
    log(`=== ${backend} ===`);
    const startCitus = async () => {
      const t0 = Date.now();
      const c = await startCitusCluster({ poolSize: o.pool });
      Object.assign(process.env, clusterEnv(c));
      log(`citus cluster up in ${Date.now() - t0} ms: coordinator :${c.pgPort}, pgbouncer :${c.bouncerPort}`);
      return c;
    };
    const cluster = await benchStack(res, { poolSize: o.pool, start: backend === 'postgres' ? undefined : startCitus });

    log(`seeding ${o.tenants} tenants (${loadNote()})`);
    const seeded = await createTenants(o.tenants, {
      prefix: 'cb',
      concurrency: o.seedConcurrency,
      data: { polls: 5, choices: 3, votes: 5 },
    });
    log(`seeded in ${fmt(seeded.ms / 1000)} s`);

    // Provisioning: one signup at a time (tenant row, domain, schema, tables, admin), 2 warm-ups.
    const times: number[] = [];
    for (let i = -2; i < o.samples; i++) {
      const sub = `cp-${i + 2}`;
      const t = performance.now();
      await provisionTenantWithAdmin(directDb(), {
        schema: sub.replace('-', '_'),
        name: `Signup ${sub}`,
        domain: `${sub}.localhost`,
        admin: { email: `owner@${sub}.test`, password: 'signup-password' },
      });
      if (i >= 0) times.push(performance.now() - t);
    }
    const provision = summarize(times);
    log(`provisioning p50 ${fmt(provision.p50)} ms, p99 ${fmt(provision.p99)} ms (${loadNote()})`);

    const app = await benchApp(cluster, { DB_POOL_MAX: '16' }, rebuild);
    res.add('app', () => app.stop());
    const host = `cb-1.localhost:${app.port}`;
    await cannon({ label: 'warm-up', port: app.port, host, path: '/api/polls', connections: 4, durationS: 2 });
    const c = await cannon({
      label: backend,
      port: app.port,
      host,
      path: '/api/polls',
      connections: o.connections,
      durationS: o.durationS,
    });
    log(`GET /api/polls: ${fmt(c.rps, 0)} req/s, p99 ${fmt(c.latencyMs.p99)} ms (${loadNote()})`);

    const tm = performance.now();
    const migrated = await migrateTenants(directDb(), {
      migrations: [...(await import('@/migrations/tenant')).tenantMigrations, synthetic],
      concurrency: 4,
    });
    const migration = {
      ms: performance.now() - tm,
      tenants: migrated.length,
      failed: migrated.filter((r) => r.error !== undefined).length,
    };
    log(`migration over ${migration.tenants} tenants: ${fmt(migration.ms / 1000)} s, ${migration.failed} failed`);

    const move = backend === 'citus' ? await moveUnderLoad(app.port, o) : null;
    return {
      backend,
      tenants: await tenantCount(),
      seedMs: seeded.ms,
      provision,
      api: { rps: c.rps, p99: c.latencyMs.p99, non2xx: c.non2xx, errors: c.errors },
      migration,
      move,
    };
  } finally {
    await res.close();
  }
}

async function moveUnderLoad(port: number, o: { bigPolls: number; bigUsers: number }): Promise<MoveFigures> {
  log(`big tenant: ${o.bigPolls} polls x ${o.bigUsers} users = ${(o.bigPolls * o.bigUsers).toLocaleString('en-GB')} votes`);
  const big = await createTenants(1, { prefix: 'big', data: { polls: o.bigPolls, choices: 4, votes: o.bigUsers } });
  const schema = big.seed.first;
  const host = `big-1.localhost:${port}`;
  const login = await request<{ token: string }>(port, host, 'POST', '/api/login', {
    json: { email: 'user1@example.com', password: big.seed.password },
  });
  if (login.status !== 200) throw new Error(`login on the big tenant failed: ${login.status} ${login.text.slice(0, 200)}`);
  const token = login.body.token;
  const votes = await withTenant({ schema }, (db) =>
    db.selectFrom('votes').select(db.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  );

  let stop = false;
  let requests = 0;
  let worst = 0;
  const failures: string[] = [];
  const acked: number[] = [];
  const timed = async <T>(fn: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    try {
      return await fn();
    } finally {
      requests++;
      worst = Math.max(worst, performance.now() - t);
    }
  };
  const reader = async () => {
    while (!stop) {
      const r = await timed(() => request(port, host, 'GET', '/api/polls?limit=20')).catch((e: Error) => ({ status: 0, text: e.message }));
      if (r.status !== 200) failures.push(`GET ${r.status} ${r.text.slice(0, 120)}`);
    }
  };
  const writer = async (w: number) => {
    for (let i = 0; !stop; i++) {
      const r = await timed(() =>
        request<{ id: number }>(port, host, 'POST', '/api/polls', {
          token,
          json: { question: `during move ${w}/${i}?`, choices: ['yes', 'no'] },
        }),
      ).catch((e: Error) => ({ status: 0, text: e.message, body: { id: 0 } }));
      if (r.status === 201) acked.push(r.body.id);
      else failures.push(`POST ${r.status} ${r.text.slice(0, 120)}`);
    }
  };
  const loops = [reader(), reader(), writer(0), writer(1)];
  await sleep(1000);
  const from = (await tenantNodes(directDb(), [schema])).get(schema)!;
  const workers = [...new Set((await tenantNodes(directDb())).values())];
  const to = workers.find((w) => w !== from) ?? from;
  log(`moving ${schema} from ${from} to ${to} under load (${loadNote()})`);
  const moved = await moveTenant(directDb(), schema, to);
  await sleep(1000);
  stop = true;
  await Promise.all(loops);
  const present = await withTenant({ schema }, (db) =>
    db
      .selectFrom('polls')
      .select('id')
      .where('id', 'in', acked.length ? acked : [-1])
      .execute(),
  );
  const figures: MoveFigures = {
    schema,
    votes: Number(votes.n),
    bytes: moved.bytes,
    from: moved.from,
    to: moved.to,
    moveMs: moved.ms,
    requests,
    failed: failures.length,
    failures: failures.slice(0, 10),
    writesAcked: acked.length,
    writesLost: acked.length - present.length,
    worstLatencyMs: worst,
  };
  log(
    `moved ${fmt(moved.bytes / 1024 / 1024)} MB in ${fmt(moved.ms / 1000, 2)} s; ${requests} requests, ${failures.length} failed; ` +
      `${acked.length} writes acknowledged, ${figures.writesLost} lost; worst latency ${fmt(worst)} ms`,
  );
  return figures;
}
