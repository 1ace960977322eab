// The cost of one server setting, on vs off (fair-share-cost, trace-cost): the same production server
// (server.ts, `--workers`) twice on one PostgreSQL + PgBouncer (transaction mode, pool `--pool`),
// once with the setting on and once off, both up for the whole run. GET /api/polls (anonymous, the
// lean path) at `--connections` closed-loop clients, rounds interleaved on/off/on/off… so the
// machine's load affects each alike. Two kinds of traffic, each interleaved: one tenant alone and
// the same requests spread round-robin over `--tenants` tenants. Prints req/s and p99 per round,
// the medians, and the ratio on ÷ off (target ≥ 0.95).
import { fmt, loadNote, log, machineInfo, median, num, parseArgs, printVerdicts, table, verdict, writeResult } from './common';
import { benchApp, request, Resources } from './env';
import { benchStack, benchTenant } from './stack';
import { cannon, type CannonSummary } from './load';

export interface OnOffSpec {
  /** The bench's name (its results file). */
  bench: string;
  /** What is switched, as the table and the log name it ("fair share", "traces"). */
  what: string;
  /** The tenants' schema prefix. */
  prefix: string;
  /** The environment of each side; `on` may start what the setting needs (registered with `res`). */
  env(res: Resources): Promise<{ on: Record<string, string>; off: Record<string, string> }>;
  /** What each kind of traffic shows, for the verdicts. */
  oneTenant: string;
  spread: string;
}

export async function onOffCost(argv: string[], spec: OnOffSpec): Promise<number> {
  const args = parseArgs(argv);
  const rounds = num(args, 'rounds', 6);
  const seconds = num(args, 'seconds', 8);
  const connections = num(args, 'connections', 20);
  const poolSize = num(args, 'pool', 4);
  const workers = num(args, 'workers', 2);
  const res = new Resources();
  try {
    const cluster = await benchStack(res, { poolSize });
    const tenants = num(args, 'tenants', 20);
    const hosts: string[] = [];
    const p = spec.prefix;
    for (let i = 1; i <= tenants; i++) {
      await benchTenant({ schema: `${p}_${i}`, name: `${p} ${i}`, domain: `${p}-${i}.localhost` }, { polls: 10, choices: 4, votes: 20 });
      hosts.push(`${p}-${i}.localhost`);
    }
    const env = { QUORUM_WORKERS: String(workers) };
    const sides = await spec.env(res);
    const on = await benchApp(cluster, { ...env, ...sides.on }, !!args.rebuild);
    res.add(`server, ${spec.what} on`, () => on.stop());
    const off = await benchApp(cluster, { ...env, ...sides.off });
    res.add(`server, ${spec.what} off`, () => off.stop());
    const servers = { on, off };
    for (const [name, app] of Object.entries(servers)) {
      for (const h of hosts) {
        const r = await request(app.port, `${h}:${app.port}`, 'GET', '/api/polls');
        if (r.status !== 200) throw new Error(`${spec.what} ${name}: GET /api/polls on ${h} answered ${r.status}`);
      }
    }
    type Side = 'on' | 'off';
    type Kind = 'one tenant' | 'spread';
    const kinds: Kind[] = ['one tenant', 'spread'];
    const runs: Record<Kind, Record<Side, CannonSummary[]>> = { 'one tenant': { on: [], off: [] }, spread: { on: [], off: [] } };
    const run = (kind: Kind, name: Side, durationS: number) => {
      const port = servers[name].port;
      let next = 0;
      return cannon({
        label: `${kind} ${name}`,
        port,
        host: `${hosts[0]}:${port}`,
        path: '/api/polls',
        connections,
        durationS,
        setupRequest:
          kind === 'spread'
            ? (req) => {
                req.headers.host = `${hosts[next++ % hosts.length]}:${port}`;
                return req;
              }
            : undefined,
      });
    };
    // Warm-up of both (JIT, pools), not counted.
    for (const name of ['on', 'off'] as const) await run('spread', name, 3);
    for (let i = 0; i < rounds; i++) {
      for (const kind of kinds) {
        // Alternate which goes first, so neither always runs right after the other's load.
        for (const name of i % 2 === 0 ? (['on', 'off'] as const) : (['off', 'on'] as const)) {
          const r = await run(kind, name, seconds);
          runs[kind][name].push(r);
          log(
            `round ${i + 1} ${kind}, ${spec.what} ${name}: ${fmt(r.rps, 0)} req/s, p99 ${fmt(r.latencyMs.p99)} ms, non-2xx ${r.non2xx} (${loadNote()})`,
          );
        }
      }
    }
    const rps = (kind: Kind, name: Side) => median(runs[kind][name].map((r) => r.rps));
    const p99 = (kind: Kind, name: Side) => median(runs[kind][name].map((r) => r.latencyMs.p99));
    const bad = (kind: Kind, name: Side) => runs[kind][name].reduce((n, r) => n + r.non2xx + r.errors, 0);
    console.log(
      `\nGET /api/polls, ${connections} connections, ${rounds} × ${seconds} s per side and kind, interleaved; server.ts ${workers} workers, PgBouncer pool ${poolSize}; ${loadNote()}`,
    );
    console.log(
      table(
        ['traffic', spec.what, 'req/s (median)', 'p99 ms (median)', 'non-2xx + errors'],
        kinds.flatMap((k) =>
          (['on', 'off'] as const).map((n) => [
            k === 'spread' ? `spread over ${tenants} tenants` : k,
            n,
            fmt(rps(k, n), 0),
            fmt(p99(k, n)),
            bad(k, n),
          ]),
        ),
      ),
    );
    const verdicts = [
      verdict(
        `throughput on ÷ off, spread over ${tenants} tenants (${spec.spread})`,
        rps('spread', 'on') / rps('spread', 'off'),
        'x',
        '>=',
        0.95,
      ),
      verdict(
        `throughput on ÷ off, one tenant alone (${spec.oneTenant})`,
        rps('one tenant', 'on') / rps('one tenant', 'off'),
        'x',
        '>=',
        0.95,
      ),
    ];
    printVerdicts(verdicts);
    const file = writeResult(spec.bench, {
      machine: machineInfo(),
      options: { rounds, seconds, connections, poolSize, workers, tenants },
      runs,
      verdicts,
    });
    console.log(`results: ${file}`);
    return 0;
  } finally {
    await res.close();
  }
}
