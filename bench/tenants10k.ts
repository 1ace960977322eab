// npm run bench -- tenants10k [--tenants 10000] [--hot 10] [--rounds 4] [--seconds 15] [--connections 50]
//                             [--pool 8] [--app-pool 16] [--server-lifetime 300] [--server-idle-timeout 60]
//                             [--max-db-connections 10] [--reserve-pool 2] [--seed-concurrency 2]
//                             [--probe-schemas 1000] [--affinity K] [--rebuild]
//
// 10,000 tenants in one database (bulk seeder; 3 polls × 3 choices, 2 votes per poll each).
// Interleaved rounds of GET /api/polls at 50 concurrent clients:
//   A: Host drawn uniformly from 10 tenants   B: Host drawn uniformly from all 10,000
// and every response is checked to carry the tenant of its Host. Meanwhile:
//   - connections of the app role in pg_stat_activity, and PgBouncer's servers, every 250 ms;
//   - PgBouncer SHOW STATS per round: transactions per request (1 + host-cache misses);
//   - memory of the PgBouncer server backends before and after (pg_log_backend_memory_contexts
//     read back from the server log, and RssAnon from /proc);
//   - and, deterministically, the memory one backend keeps per tenant schema it has queried
//     (the polls query over --probe-schemas schemas on one direct connection).
import { sql } from 'kysely';
import pg from 'pg';
import { closePools, directDb } from '@/lib/infra/db/pool';
import { listPolls } from '@/lib/features/polls/polls';
import { stopTenancyListener } from '@/lib/tenancy/resolve-host';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { fmt, loadNote, log, machineInfo, median, num, parseArgs, printVerdicts, sleep, table, verdict, writeResult } from './lib/common';
import { cpuDelta, cpuSnapshot, type CpuSnapshot } from './lib/cpu';
import { benchApp, request, Resources } from './lib/env';
import { benchStack } from './lib/stack';
import { cannon, type CannonSummary } from './lib/load';
import { backendMemory, bouncerServers, connect, isBenchDatabase, sampleConnections, type BackendMemory } from './lib/pgstats';
import { createTenants, tenantHosts } from './lib/tenants';

const MB = 1024 * 1024;

async function bouncerStats(admin: pg.Client): Promise<{ xact: number; query: number }> {
  const r = await admin.query('SHOW STATS');
  const rows = r.rows.filter((x) => isBenchDatabase(x.database));
  const sum = (k: string) => rows.reduce((n, x) => n + Number(x[k] ?? 0), 0);
  return { xact: sum('total_xact_count'), query: sum('total_query_count') };
}

function memSummary(ms: BackendMemory[]) {
  const ctx = ms.map((m) => m.grandTotalBytes ?? NaN).filter((x) => !Number.isNaN(x));
  const cache = ms.map((m) => m.cacheContextBytes ?? NaN).filter((x) => !Number.isNaN(x));
  const anon = ms.map((m) => m.rssAnonKiB).filter((x) => !Number.isNaN(x));
  return {
    backends: ms.length,
    contextsMBEach: ctx.length ? +(median(ctx) / MB).toFixed(1) : null,
    contextsMBTotal: +(ctx.reduce((a, b) => a + b, 0) / MB).toFixed(1),
    cacheContextMBEach: cache.length ? +(median(cache) / MB).toFixed(1) : null,
    rssAnonMBEach: anon.length ? +(median(anon) / 1024).toFixed(1) : null,
    rssAnonMBTotal: +(anon.reduce((a, b) => a + b, 0) / 1024).toFixed(1),
  };
}

export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const nTenants = num(args, 'tenants', 10_000);
  const nHot = num(args, 'hot', 10);
  const rounds = num(args, 'rounds', 4);
  const seconds = num(args, 'seconds', 15);
  const connections = num(args, 'connections', 50);
  const poolSize = num(args, 'pool', 8);
  const appPool = num(args, 'app-pool', 16);
  // Defaults: the shipped pgbouncer/pgbouncer.ini (issue 11); pass 3600/600/0/0 for PgBouncer's own.
  const serverLifetime = num(args, 'server-lifetime', 300);
  const serverIdleTimeout = num(args, 'server-idle-timeout', 60);
  const maxDbConnections = num(args, 'max-db-connections', 10);
  const reservePool = num(args, 'reserve-pool', 2);
  // --affinity K: K PgBouncer aliases of the database (quorum_a0…), the pool split between them,
  // and the app started with DATABASE_AFFINITY, so each server connection serves 1/K of the tenants.
  const affinity = num(args, 'affinity', 0);
  const aliasNames = Array.from({ length: affinity }, (_, i) => `quorum_a${i}`);
  const aliasPool = Math.max(1, Math.ceil(poolSize / Math.max(1, affinity)));
  const aliasMax = Math.max(aliasPool, Math.ceil(maxDbConnections / Math.max(1, affinity)));
  const seedConcurrency = num(args, 'seed-concurrency', 2);
  const probeSchemas = num(args, 'probe-schemas', 1000);
  const data = { polls: 3, choices: 3, votes: 2 };
  const res = new Resources();
  try {
    const cluster = await benchStack(res, {
      poolSize,
      pgbouncerSettings: {
        server_lifetime: serverLifetime,
        server_idle_timeout: serverIdleTimeout,
        max_db_connections: maxDbConnections,
        reserve_pool_size: reservePool,
      },
      pgbouncerAliases: Object.fromEntries(aliasNames.map((n) => [n, `pool_size=${aliasPool} max_db_connections=${aliasMax}`])),
    });
    log(`creating ${nTenants} tenants (${data.polls} polls × ${data.choices} choices, ${data.votes} votes per poll) …`);
    const made = await createTenants(nTenants, { prefix: 't', concurrency: seedConcurrency, data });
    log(`${nTenants} tenants via the seeder in ${fmt(made.ms / 1000)} s (${loadNote()})`);
    const tenants = await tenantHosts();
    const catalog = await sql<{
      rels: number;
      mb: number;
    }>`select (select count(*)::int from pg_class) as rels, (pg_database_size(current_database()) / 1048576)::int as mb`.execute(
      directDb(),
    );
    log(`${tenants.length} tenants, ${catalog.rows[0].rels} rows in pg_class, database ${catalog.rows[0].mb} MB`);

    // --- memory one backend keeps per tenant schema it has queried (deterministic) --------------
    const su = await connect(cluster.superuserUrl);
    res.add('su', () => su.end());
    // One pg connection (pool of 1, never idle-closed), so every query lands on the same backend.
    const probePool = new pg.Pool({
      connectionString: cluster.directUrl,
      max: 1,
      idleTimeoutMillis: 0,
      application_name: 'quorum-bench-probe',
    });
    probePool.on('error', () => undefined);
    const probePid = (await probePool.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0].pid;
    const m0 = (await backendMemory(cluster, su, [probePid]))[0];
    const sampleSchemas = tenants.slice(0, Math.min(probeSchemas, tenants.length));
    const tp = performance.now();
    for (const t of sampleSchemas) await withTenant({ schema: t.schema }, (db) => listPolls(db, null), probePool);
    const probeMs = performance.now() - tp;
    const m1 = (await backendMemory(cluster, su, [probePid]))[0];
    // Second pass over the same schemas: warm caches.
    const tw = performance.now();
    for (const t of sampleSchemas) await withTenant({ schema: t.schema }, (db) => listPolls(db, null), probePool);
    const warmMs = performance.now() - tw;
    await probePool.end();
    const perSchemaKB =
      m0.grandTotalBytes !== null && m1.grandTotalBytes !== null
        ? (m1.grandTotalBytes - m0.grandTotalBytes) / 1024 / sampleSchemas.length
        : NaN;
    const perSchemaAnonKB = (m1.rssAnonKiB - m0.rssAnonKiB) / sampleSchemas.length;
    log(
      `one backend, polls query over ${sampleSchemas.length} schemas: memory contexts ${fmt((m0.grandTotalBytes ?? NaN) / MB)} → ${fmt((m1.grandTotalBytes ?? NaN) / MB)} MB ` +
        `(${fmt(perSchemaKB)} KB per schema; RssAnon ${fmt(perSchemaAnonKB)} KB per schema); first pass ${fmt(probeMs / sampleSchemas.length, 2)} ms/schema, warm ${fmt(warmMs / sampleSchemas.length, 2)} ms/schema`,
    );

    // --- the app -----------------------------------------------------------------------------------
    await stopTenancyListener();
    await closePools(); // the bench's own direct connections must not count as the app's
    const app = await benchApp(cluster, { DB_POOL_MAX: String(appPool) }, !!args.rebuild);
    res.add('app', () => app.stop());
    // With --affinity, a second app on the same build and PgBouncer, with DATABASE_AFFINITY: side C.
    const appAff = affinity > 0 ? await benchApp(cluster, { DB_POOL_MAX: String(appPool), DATABASE_AFFINITY: aliasNames.join(',') }) : null;
    if (appAff) res.add('app (affinity)', () => appAff.stop());
    const hostOf = (t: { domain: string }, port = app.port) => `${t.domain}:${port}`;
    for (const a of appAff ? [app, appAff] : [app]) {
      for (const t of [tenants[0], tenants[tenants.length - 1]]) {
        const r = await request<{ tenant: string; polls: unknown[] }>(a.port, hostOf(t, a.port), 'GET', '/api/polls');
        if (r.status !== 200 || r.body.tenant !== t.schema || r.body.polls.length !== data.polls)
          throw new Error(`sanity ${t.domain}: ${r.status} ${r.text.slice(0, 200)}`);
      }
    }
    const admin = await connect(cluster.pgbouncerAdminUrl!);
    res.add('admin', () => admin.end());

    const hot = tenants.slice(0, nHot);
    type Side = 'A' | 'B' | 'C';
    const sides: Record<Side, { label: string; set: typeof tenants; app: typeof app }> = {
      A: { label: `${hot.length} tenants`, set: hot, app },
      B: { label: `${tenants.length} tenants`, set: tenants, app },
      C: { label: `${tenants.length} tenants, affinity ${affinity}`, set: tenants, app: appAff ?? app },
    };
    const order: Side[] = appAff ? ['A', 'B', 'C'] : ['A', 'B'];
    type Round = CannonSummary & { side: Side; xactPerReq: number; cpuMs: CpuSnapshot; cpuMsPerReq: number; load: string };
    const run = async (side: Side, s: number): Promise<Round> => {
      const { set, app: target } = sides[side];
      const hosts = set.map((t) => hostOf(t, target.port));
      const schemas = set.map((t) => t.schema);
      const s0 = await bouncerStats(admin);
      const c0 = cpuSnapshot(target.child.pid, cluster);
      const r = await cannon({
        label: sides[side].label,
        port: target.port,
        host: hosts[0],
        path: '/api/polls',
        connections,
        durationS: s,
        setupRequest: (req, ctx) => {
          const i = Math.floor(Math.random() * hosts.length);
          req.headers.host = hosts[i];
          ctx.schema = schemas[i];
          return req;
        },
        verify: (status, body, ctx) => status === 200 && body.startsWith(`{"tenant":"${ctx.schema as string}"`),
      });
      const cpuMs = cpuDelta(c0, cpuSnapshot(target.child.pid, cluster));
      const s1 = await bouncerStats(admin);
      return {
        ...r,
        side,
        xactPerReq: (s1.xact - s0.xact) / Math.max(1, r.requests),
        cpuMs,
        cpuMsPerReq: (cpuMs.app + cpuMs.postgres + cpuMs.pgbouncer) / Math.max(1, r.requests),
        load: loadNote(),
      };
    };

    log(`warm-up: 5 s on ${hot.length} tenants (${loadNote()})`);
    await run('A', 5);
    if (appAff) await run('C', 5);
    const serversBefore = await bouncerServers(admin);
    const memBefore = await backendMemory(
      cluster,
      su,
      serversBefore.map((s) => s.remotePid),
    );
    log(`PgBouncer servers after warm-up: ${serversBefore.length}; backend memory ${JSON.stringify(memSummary(memBefore))}`);

    const sampler = sampleConnections(su, admin, 250);
    const results: Round[] = [];
    for (let i = 0; i < rounds; i++) {
      for (const side of order) {
        const r = await run(side, seconds);
        results.push(r);
        log(
          `round ${i + 1}/${rounds} ${r.label}: ${fmt(r.rps, 0)} req/s, p50 ${fmt(r.latencyMs.p50)} ms, p99 ${fmt(r.latencyMs.p99)} ms, ` +
            `${fmt(r.xactPerReq, 2)} xact/req, ${fmt(r.cpuMsPerReq, 2)} CPU-ms/req, bad ${r.non2xx + r.errors + r.timeouts + r.mismatches} (${r.load})`,
        );
      }
    }
    const samples = await sampler.stop();
    const serversAfter = await bouncerServers(admin);
    const memAfter = await backendMemory(
      cluster,
      su,
      serversAfter.map((s) => s.remotePid),
    );
    const listenRows = await su.query<{ n: number }>(
      `select count(*)::int as n from pg_stat_activity where usename = 'quorum' and application_name = 'quorum-listen'`,
    );

    const A = results.filter((r) => r.side === 'A');
    const B = results.filter((r) => r.side === 'B');
    const C = results.filter((r) => r.side === 'C');
    const rps = (xs: Round[]) => xs.reduce((s, x) => s + x.requests, 0) / xs.reduce((s, x) => s + x.durationS, 0);
    const cpu = (xs: Round[]) =>
      xs.reduce((s, x) => s + x.cpuMs.app + x.cpuMs.postgres + x.cpuMs.pgbouncer, 0) / xs.reduce((s, x) => s + x.requests, 0);
    const pgCpu = (xs: Round[]) => xs.reduce((s, x) => s + x.cpuMs.postgres, 0) / xs.reduce((s, x) => s + x.requests, 0);
    const ratio = rps(B) / rps(A);
    const lastRatio = B[B.length - 1].rps / A[A.length - 1].rps;
    const bad = results.reduce((s, x) => s + x.non2xx + x.errors + x.timeouts + x.mismatches, 0);
    const maxOf = (k: 'appRole' | 'viaBouncer' | 'bouncerServers' | 'clWaiting') => Math.max(0, ...samples.map((x) => x[k]));
    const maxAppRole = maxOf('appRole');
    const listen = listenRows.rows[0].n;

    console.log(
      '\n' +
        table(
          ['tenants hit', 'req/s', 'median round req/s', 'p50 ms', 'p99 ms', 'xact/req', 'CPU-ms/req', 'pg CPU-ms/req', 'bad'],
          [[sides.A.label, A], [sides.B.label, B], ...(C.length ? [[sides.C.label, C]] : [])].map(([label, xs]) => {
            const x = xs as Round[];
            return [
              label as string,
              fmt(rps(x), 0),
              fmt(median(x.map((r) => r.rps)), 0),
              fmt(median(x.map((r) => r.latencyMs.p50))),
              fmt(median(x.map((r) => r.latencyMs.p99))),
              fmt(median(x.map((r) => r.xactPerReq)), 2),
              fmt(cpu(x), 2),
              fmt(pgCpu(x), 2),
              String(x.reduce((s, r) => s + r.non2xx + r.errors + r.timeouts + r.mismatches, 0)),
            ];
          }),
        ),
    );
    console.log(`throughput ratio ${sides.B.label} / ${sides.A.label}: ${fmt(ratio, 3)} (last pair ${fmt(lastRatio, 3)})`);
    const ratioC = C.length ? rps(C) / rps(A) : NaN;
    if (C.length)
      console.log(`throughput ratio ${sides.C.label} / ${sides.A.label}: ${fmt(ratioC, 3)}; ÷ without affinity ${fmt(rps(C) / rps(B), 3)}`);
    console.log(
      `connections (${samples.length} samples): app role in pg_stat_activity max ${maxAppRole} (of which LISTEN ${listen}), ` +
        `held by PgBouncer max ${maxOf('viaBouncer')}, PgBouncer servers max ${maxOf('bouncerServers')}, clients waiting max ${maxOf('clWaiting')}; default_pool_size ${poolSize}`,
    );
    const mb = memSummary(memBefore);
    const ma = memSummary(memAfter);
    console.log(
      '\n' +
        table(
          [
            'PgBouncer server backends',
            'backends',
            'contexts MB each (median)',
            'contexts MB total',
            'CacheMemoryContext MB each',
            'RssAnon MB each',
            'RssAnon MB total',
          ],
          [
            [
              'after warm-up (10 tenants)',
              mb.backends,
              fmt(mb.contextsMBEach),
              fmt(mb.contextsMBTotal),
              fmt(mb.cacheContextMBEach),
              fmt(mb.rssAnonMBEach),
              fmt(mb.rssAnonMBTotal),
            ],
            [
              `after ${rounds} rounds over ${tenants.length}`,
              ma.backends,
              fmt(ma.contextsMBEach),
              fmt(ma.contextsMBTotal),
              fmt(ma.cacheContextMBEach),
              fmt(ma.rssAnonMBEach),
              fmt(ma.rssAnonMBTotal),
            ],
          ],
        ),
    );
    // PgBouncer may open the reserve pool on top of the pool, never more than max_db_connections.
    const baseCap = maxDbConnections > 0 ? Math.min(maxDbConnections, poolSize + reservePool) : poolSize + reservePool;
    const aliasCap = affinity * Math.min(aliasMax, aliasPool + reservePool);
    const connCap = baseCap + aliasCap;
    const projected = (perSchemaKB * tenants.length) / 1024;
    console.log(
      `one backend keeps ~${fmt(perSchemaKB)} KB per tenant schema it has queried → ~${fmt(projected, 0)} MB once it has seen all ${tenants.length}; ` +
        `× ${baseCap} server connections at most (pool ${poolSize} + reserve ${reservePool}, max_db_connections ${maxDbConnections}) ≈ ${fmt((projected * baseCap) / 1024, 1)} GB if each lived to see them all. PgBouncer server_lifetime=${serverLifetime} s / server_idle_timeout=${serverIdleTimeout} s bound how long a backend collects.`,
    );
    if (affinity > 0)
      console.log(
        `with affinity ${affinity}: a backend sees ${Math.ceil(tenants.length / affinity)} schemas at most → ~${fmt(projected / affinity, 0)} MB each; ` +
          `× ${aliasCap} alias server connections ≈ ${fmt(((projected / affinity) * aliasCap) / 1024, 1)} GB at most.`,
      );
    if (affinity > 0) {
      const split = (db: (name: string) => boolean) => serversAfter.filter((x) => db(x.database)).map((x) => x.remotePid);
      for (const [label, pids] of [
        ['without affinity (database quorum)', split((d) => d === 'quorum')],
        [`with affinity (${aliasNames.length} aliases)`, split((d) => d !== 'quorum')],
      ] as const) {
        const m = memSummary(await backendMemory(cluster, su, [...pids]));
        console.log(
          `backends after the rounds, ${label}: ${m.backends}, contexts ${fmt(m.contextsMBEach)} MB each (median), ${fmt(m.contextsMBTotal)} MB total`,
        );
      }
    }

    const verdicts = [
      verdict(`throughput ${sides.B.label} / ${sides.A.label}`, ratio, 'x', '>=', 0.8),
      ...(C.length ? [verdict(`throughput ${sides.C.label} / ${sides.A.label}`, ratioC, 'x', '>=', 0.8)] : []),
      verdict('app-role server connections (excl. LISTEN) max', maxAppRole - listen, '', '<=', connCap),
      verdict('zero wrong-tenant / failed responses', bad, '', '<=', 0),
    ];
    printVerdicts(verdicts);
    writeResult('tenants10k', {
      bench: 'tenants10k',
      command: `npm run bench -- tenants10k ${argv.join(' ')}`.trim(),
      machine: machineInfo(),
      config: {
        tenants: nTenants,
        hot: nHot,
        rounds,
        seconds,
        connections,
        pgbouncerPoolSize: poolSize,
        appPoolMax: appPool,
        serverLifetime,
        serverIdleTimeout,
        maxDbConnections,
        reservePool,
        affinity: affinity > 0 ? { aliases: aliasNames, poolSizeEach: aliasPool, maxDbConnectionsEach: aliasMax } : null,
        data,
        seedConcurrency,
      },
      create: { ms: made.ms, pgClassRows: catalog.rows[0].rels, databaseMB: catalog.rows[0].mb },
      probe: {
        schemas: sampleSchemas.length,
        before: m0,
        after: m1,
        perSchemaKB,
        perSchemaAnonKB,
        firstPassMsPerSchema: probeMs / sampleSchemas.length,
        warmMsPerSchema: warmMs / sampleSchemas.length,
      },
      throughput: {
        ratio,
        lastRatio,
        A: { rps: rps(A), cpuMsPerReq: cpu(A), pgCpuMsPerReq: pgCpu(A) },
        B: { rps: rps(B), cpuMsPerReq: cpu(B), pgCpuMsPerReq: pgCpu(B) },
        rounds: results,
      },
      connections: {
        maxAppRole,
        listen,
        maxViaBouncer: maxOf('viaBouncer'),
        maxBouncerServers: maxOf('bouncerServers'),
        maxClientsWaiting: maxOf('clWaiting'),
        samples,
      },
      memory: { before: { summary: mb, backends: memBefore }, after: { summary: ma, backends: memAfter } },
      verdicts,
    });
    await sleep(10);
    return bad > 0 ? 1 : 0;
  } finally {
    await res.close();
  }
}
