// npm run bench -- overhead [--rounds 12] [--seconds 8] [--connections 50] [--pool 8] [--app-pool 16] [--parts-rounds 3]
//                           [--polls 10 --choices 4 --votes 20] [--ttfb-seconds 15] [--ttfb-clients 50]
//                           [--ttfb-rate 0.2] [--rebuild] [--skip-guard]
//
// 1. Tenant-context overhead: GET /api/polls on a tenant host (middleware rewrite → host resolution →
//    withTenant: BEGIN + set_config(search_path) … COMMIT through PgBouncer) against
//    GET /api/bench/baseline on the same host (same app, same pg pool, same PgBouncer, same SQL with
//    the schema qualified, no host resolution and no transaction). Rounds interleaved A,B,A,B…
//    Then the parts in isolation (app/sites/[host]/api/bench/parts: `select 1` plain, inside
//    withTenant, and behind tenantRoute's host resolution), so the overhead can be attributed.
// 2. TTFB of the tenant polls page `/` (server-rendered; it needs a logged-in user, so the bench
//    logs in through next-auth's credentials flow): 1 client (service time, no queueing), 50
//    concurrent clients in a closed loop (each sends its next request when the last one ended),
//    and 50 clients paced at --ttfb-rate requests per second each (users who read between clicks).
// The baseline route must 404 unless QUORUM_BENCH_BASELINE=1: checked first on a server without it.
import { isDeepStrictEqual } from 'node:util';
import { fmt, loadNote, log, machineInfo, median, num, parseArgs, printVerdicts, table, verdict, writeResult } from './lib/common';
import { benchApp, request, Resources } from './lib/env';
import { benchStack, benchTenant } from './lib/stack';
import { cannon, ttfbLoop, type CannonSummary } from './lib/load';
import { cpuDelta, cpuSnapshot, type CpuSnapshot } from './lib/cpu';
import { nextAuthLogin } from './lib/auth';

export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const rounds = num(args, 'rounds', 12);
  const seconds = num(args, 'seconds', 8);
  const partsRounds = num(args, 'parts-rounds', 3);
  const connections = num(args, 'connections', 50);
  const poolSize = num(args, 'pool', 8);
  const appPool = num(args, 'app-pool', 16);
  const data = { polls: num(args, 'polls', 10), choices: num(args, 'choices', 4), votes: num(args, 'votes', 20) };
  const ttfbSeconds = num(args, 'ttfb-seconds', 15);
  const ttfbClients = num(args, 'ttfb-clients', 50);
  const ttfbRate = num(args, 'ttfb-rate', 0.2);
  const res = new Resources();
  try {
    const cluster = await benchStack(res, { poolSize });
    const schema = 'bench_a';
    const sub = 'bench-a';
    await benchTenant({ schema, name: 'Bench A', domain: `${sub}.localhost` }, data);
    log(`tenant ${schema}: ${data.polls} polls × ${data.choices} choices, ${data.votes} votes per poll`);

    // --- the baseline route is closed unless QUORUM_BENCH_BASELINE=1 --------------------------
    const guard: Record<string, number> = {};
    if (!args['skip-guard']) {
      const plain = await benchApp(cluster, { DB_POOL_MAX: String(appPool), QUORUM_BENCH_SCHEMA: schema }, !!args.rebuild);
      try {
        const h = `${sub}.localhost:${plain.port}`;
        guard.tenantHostWithoutFlag = (await request(plain.port, h, 'GET', '/api/bench/baseline')).status;
        guard.internalPathOnRootHost = (
          await request(plain.port, plain.rootDomain, 'GET', `/sites/${encodeURIComponent(`${sub}.localhost`)}/api/bench/baseline`)
        ).status;
        guard.partsWithoutFlag = (await request(plain.port, h, 'GET', '/api/bench/parts?v=plain')).status;
        guard.tenantPollsSanity = (await request(plain.port, h, 'GET', '/api/polls')).status;
      } finally {
        await plain.stop();
      }
      log(
        `guard without QUORUM_BENCH_BASELINE: baseline on tenant host → ${guard.tenantHostWithoutFlag}, internal path on root host → ${guard.internalPathOnRootHost}, ` +
          `parts → ${guard.partsWithoutFlag} (GET /api/polls → ${guard.tenantPollsSanity})`,
      );
      if (guard.tenantHostWithoutFlag !== 404 || guard.internalPathOnRootHost !== 404 || guard.partsWithoutFlag !== 404)
        throw new Error('a bench route answered without QUORUM_BENCH_BASELINE=1');
    }

    const app = await benchApp(
      cluster,
      { DB_POOL_MAX: String(appPool), QUORUM_BENCH_BASELINE: '1', QUORUM_BENCH_SCHEMA: schema },
      !!args.rebuild && !!args['skip-guard'],
    );
    res.add('app', () => app.stop());
    const host = `${sub}.localhost:${app.port}`;

    // Same rows, same JSON: the two routes differ only in tenancy.
    const [t, b] = await Promise.all([request(app.port, host, 'GET', '/api/polls'), request(app.port, host, 'GET', '/api/bench/baseline')]);
    if (t.status !== 200 || b.status !== 200)
      throw new Error(`sanity: /api/polls ${t.status}, baseline ${b.status}: ${b.text.slice(0, 200)}`);
    const same = isDeepStrictEqual(t.body, b.body);
    log(`responses identical: ${same} (${t.text.length} bytes)`);
    if (!same) throw new Error('the baseline route returns different JSON from GET /api/polls');

    const A = { label: 'tenant /api/polls', path: '/api/polls' };
    const B = { label: 'baseline (no tenancy)', path: '/api/bench/baseline' };
    const verify = (status: number, body: string) => status === 200 && body.startsWith(`{"tenant":"${schema}"`);
    type Round = CannonSummary & { cpuMs: CpuSnapshot; cpuMsPerReq: number };
    const run = async (side: { label: string; path: string }, s: number): Promise<Round> => {
      const c0 = cpuSnapshot(app.child.pid, cluster);
      const r = await cannon({ label: side.label, port: app.port, host, path: side.path, connections, durationS: s, verify });
      const cpuMs = cpuDelta(c0, cpuSnapshot(app.child.pid, cluster));
      return { ...r, cpuMs, cpuMsPerReq: (cpuMs.app + cpuMs.postgres + cpuMs.pgbouncer) / Math.max(1, r.requests) };
    };

    log(`warm-up 5 s each (${loadNote()})`);
    await run(A, 5);
    await run(B, 5);
    const pairs: { a: Round; b: Round; load: string }[] = [];
    for (let i = 0; i < rounds; i++) {
      const a = await run(A, seconds);
      const bb = await run(B, seconds);
      pairs.push({ a, b: bb, load: loadNote() });
      log(
        `round ${i + 1}/${rounds}: tenant ${fmt(a.rps, 0)} req/s ${fmt(a.cpuMsPerReq, 2)} CPU-ms/req, baseline ${fmt(bb.rps, 0)} req/s ${fmt(bb.cpuMsPerReq, 2)} CPU-ms/req → ${fmt(a.rps / bb.rps, 3)} (${loadNote()})`,
      );
    }
    const sum = (xs: CannonSummary[]) => xs.reduce((s, x) => s + x.requests, 0) / xs.reduce((s, x) => s + x.durationS, 0);
    // CPU of app + PostgreSQL + PgBouncer per request, over all rounds of a side.
    const cpuPerReq = (xs: Round[], k?: keyof CpuSnapshot) =>
      xs.reduce((s, x) => s + (k ? x.cpuMs[k] : x.cpuMs.app + x.cpuMs.postgres + x.cpuMs.pgbouncer), 0) /
      xs.reduce((s, x) => s + x.requests, 0);
    const as = pairs.map((p) => p.a);
    const bs = pairs.map((p) => p.b);
    const ratio = sum(as) / sum(bs);
    const pairRatios = pairs.map((p) => p.a.rps / p.b.rps);
    const bad = [...as, ...bs].reduce((s, x) => s + x.non2xx + x.errors + x.timeouts + x.mismatches, 0);
    console.log(
      '\n' +
        table(
          [
            'route',
            'req/s (all rounds)',
            'median round req/s',
            'p50 ms (median round)',
            'p99 ms (median round)',
            'CPU-ms/req app+pg+bouncer',
            'app',
            'pg',
            'bouncer',
            'bad',
          ],
          [
            [A.label, as, 0],
            [B.label, bs, 0],
          ].map(([label, xs]) => {
            const x = xs as Round[];
            return [
              label as string,
              fmt(sum(x), 0),
              fmt(median(x.map((r) => r.rps)), 0),
              fmt(median(x.map((r) => r.latencyMs.p50))),
              fmt(median(x.map((r) => r.latencyMs.p99))),
              fmt(cpuPerReq(x), 2),
              fmt(cpuPerReq(x, 'app'), 2),
              fmt(cpuPerReq(x, 'postgres'), 2),
              fmt(cpuPerReq(x, 'pgbouncer'), 2),
              String(x.reduce((s, r) => s + r.non2xx + r.errors + r.timeouts + r.mismatches, 0)),
            ];
          }),
        ),
    );
    const cpuRatio = cpuPerReq(bs) / cpuPerReq(as);
    console.log(
      `throughput ratio tenant/baseline: ${fmt(ratio, 3)}; median of pairs ${fmt(median(pairRatios), 3)} (per pair: ${pairRatios.map((r) => fmt(r, 3)).join(' ')})`,
    );
    console.log(`CPU-per-request ratio baseline/tenant: ${fmt(cpuRatio, 3)} (the throughput ratio a CPU-bound box would show)`);

    // --- the parts, in isolation ---------------------------------------------------------------
    const parts = [
      { label: 'select $1, no tenancy', path: '/api/bench/parts?v=plain' },
      { label: 'select $1 in withTenant (2 round trips)', path: '/api/bench/parts?v=tx' },
      { label: 'select $1 in tenantStatement (1 round trip)', path: '/api/bench/parts?v=stmt' },
      { label: 'select $1 behind host resolution', path: '/api/bench/parts?v=host' },
      { label: 'bare pg: select $1', path: '/api/bench/parts?v=plainraw' },
      { label: 'bare pg: begin+set_config; select $1; commit (3 round trips)', path: '/api/bench/parts?v=txraw' },
    ];
    const partRounds: Round[] = [];
    for (const p of parts) await run(p, 2);
    for (let i = 0; i < partsRounds; i++) for (const p of parts) partRounds.push(await run(p, 5));
    const partRows = parts.map((p) => {
      const xs = partRounds.filter((r) => r.label === p.label);
      return {
        label: p.label,
        rps: sum(xs),
        cpu: cpuPerReq(xs),
        app: cpuPerReq(xs, 'app'),
        pg: cpuPerReq(xs, 'postgres'),
        bouncer: cpuPerReq(xs, 'pgbouncer'),
      };
    });
    console.log(
      '\n' +
        table(
          ['part (tiny JSON)', 'req/s', 'CPU-ms/req', 'app', 'pg', 'bouncer', 'Δ CPU-ms vs its select 1'],
          partRows.map((r, i) => [
            r.label,
            fmt(r.rps, 0),
            fmt(r.cpu, 2),
            fmt(r.app, 2),
            fmt(r.pg, 2),
            fmt(r.bouncer, 2),
            fmt(r.cpu - partRows[i >= 3 ? 3 : 0].cpu, 2),
          ]),
        ),
    );

    // --- TTFB of the server-rendered tenant polls page ------------------------------------------
    const cookie = await nextAuthLogin(app.port, host, 'admin@bench.test', 'bench-password');
    const page = await request(app.port, host, 'GET', '/', { headers: { cookie } });
    if (page.status !== 200 || !page.text.includes('Bench question 1?'))
      throw new Error(`GET / as the admin: ${page.status}, polls not rendered`);
    log(`page / renders ${page.text.length} bytes for the logged-in admin; warm-up 5 s`);
    const expect = (status: number, body: string) => status === 200 && body.includes('Bench question 1?');
    await ttfbLoop({ label: 'warm-up', port: app.port, host, path: '/', clients: ttfbClients, durationS: 5, headers: { cookie } });
    const serial = await ttfbLoop({
      label: 'page / 1 client',
      port: app.port,
      host,
      path: '/',
      clients: 1,
      durationS: ttfbSeconds,
      headers: { cookie },
      expect,
    });
    log(`1 client: ${fmt(serial.rps, 0)} req/s, TTFB p50 ${fmt(serial.ttfbMs.p50)} ms p99 ${fmt(serial.ttfbMs.p99)} ms (${loadNote()})`);
    const closed = await ttfbLoop({
      label: `page / ${ttfbClients} clients, closed loop`,
      port: app.port,
      host,
      path: '/',
      clients: ttfbClients,
      durationS: ttfbSeconds,
      headers: { cookie },
      expect,
    });
    log(`closed loop: ${fmt(closed.rps, 0)} req/s, TTFB p50 ${fmt(closed.ttfbMs.p50)} ms p99 ${fmt(closed.ttfbMs.p99)} ms (${loadNote()})`);
    const paced = await ttfbLoop({
      label: `page / ${ttfbClients} clients × ${ttfbRate} req/s`,
      port: app.port,
      host,
      path: '/',
      clients: ttfbClients,
      durationS: Math.max(ttfbSeconds, 3 / ttfbRate),
      headers: { cookie },
      expect,
      ratePerClient: ttfbRate,
    });
    log(`paced: ${fmt(paced.rps, 0)} req/s, TTFB p50 ${fmt(paced.ttfbMs.p50)} ms p99 ${fmt(paced.ttfbMs.p99)} ms (${loadNote()})`);
    console.log(
      '\n' +
        table(
          ['page / (logged in)', 'req/s', 'TTFB p50 ms', 'TTFB p99 ms', 'full p50 ms', 'full p99 ms', 'bad'],
          [serial, closed, paced].map((x) => [
            x.label,
            fmt(x.rps, 0),
            fmt(x.ttfbMs.p50),
            fmt(x.ttfbMs.p99),
            fmt(x.totalMs.p50),
            fmt(x.totalMs.p99),
            String(x.bad),
          ]),
        ),
    );

    const verdicts = [
      verdict('tenant/baseline throughput', ratio, 'x', '>=', 0.9),
      verdict('baseline/tenant CPU per request', cpuRatio, 'x', '>=', 0.9),
      verdict(`TTFB p50, ${ttfbClients} clients closed loop`, closed.ttfbMs.p50, 'ms', '<=', 30),
      verdict(`TTFB p99, ${ttfbClients} clients closed loop`, closed.ttfbMs.p99, 'ms', '<=', 150),
      verdict(`TTFB p50, ${ttfbClients} clients × ${ttfbRate} req/s`, paced.ttfbMs.p50, 'ms', '<=', 30),
      verdict(`TTFB p99, ${ttfbClients} clients × ${ttfbRate} req/s`, paced.ttfbMs.p99, 'ms', '<=', 150),
      verdict('TTFB p50, 1 client (no queueing)', serial.ttfbMs.p50, 'ms', '<=', 30),
    ];
    printVerdicts(verdicts);
    const pageBad = serial.bad + closed.bad + paced.bad;
    if (bad > 0 || pageBad > 0) console.log(`WARNING: ${bad + pageBad} failed or mismatched responses`);
    writeResult('overhead', {
      bench: 'overhead',
      command: `npm run bench -- overhead ${argv.join(' ')}`.trim(),
      machine: machineInfo(),
      config: { rounds, seconds, connections, pgbouncerPoolSize: poolSize, appPoolMax: appPool, data, ttfbSeconds, ttfbClients, ttfbRate },
      guard,
      throughput: {
        ratio,
        pairRatios,
        cpuRatio,
        tenant: {
          rps: sum(as),
          cpuMsPerReq: cpuPerReq(as),
          appCpuMsPerReq: cpuPerReq(as, 'app'),
          pgCpuMsPerReq: cpuPerReq(as, 'postgres'),
          bouncerCpuMsPerReq: cpuPerReq(as, 'pgbouncer'),
        },
        baseline: {
          rps: sum(bs),
          cpuMsPerReq: cpuPerReq(bs),
          appCpuMsPerReq: cpuPerReq(bs, 'app'),
          pgCpuMsPerReq: cpuPerReq(bs, 'postgres'),
          bouncerCpuMsPerReq: cpuPerReq(bs, 'pgbouncer'),
        },
        medianPairRatio: median(pairRatios),
        pairs,
      },
      parts: { rows: partRows, rounds: partRounds },
      ttfb: { serial, closed, paced },
      verdicts,
    });
    return 0;
  } finally {
    await res.close();
  }
}
