// npm run bench -- pages [--rounds 5] [--seconds 20] [--rate 50] [--pool 4] [--app-pool 10]
//                        [--polls 10 --choices 4 --votes 20] [--quorum next,server] [--workers N] [--rebuild]
//
// The tenant polls page `/` (server-rendered, logged-in admin) at --rate pages per second in an
// open loop (50 users × 1 request/s: requests leave on schedule whatever the server does), for
// each Quorum start variant, rounds interleaved. Target (issue 11): TTFB p50 ≤ 30 ms, p99 ≤ 150 ms.
import { fmt, loadNote, log, machineInfo, median, num, parseArgs, printVerdicts, table, verdict, writeResult } from './lib/common';
import { request, Resources } from './lib/env';
import { benchStack, benchTenant } from './lib/stack';
import { nextAuthLogin } from './lib/auth';
import { openLoop, type OpenLoopResult } from './lib/open-loop';
import { startVariant } from './lib/variants';
import { treeCpuMs } from './lib/proc-tree';
import { cpuSnapshot } from './lib/cpu';

export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const rounds = num(args, 'rounds', 5);
  const seconds = num(args, 'seconds', 20);
  const rate = num(args, 'rate', 50);
  const poolSize = num(args, 'pool', 4);
  const appPool = num(args, 'app-pool', 10);
  const data = { polls: num(args, 'polls', 10), choices: num(args, 'choices', 4), votes: num(args, 'votes', 20) };
  const res = new Resources();
  try {
    const cluster = await benchStack(res, { poolSize });
    await benchTenant({ schema: 'pages_a', name: 'Pages A', domain: 'pages-a.localhost' }, data);
    const clusterCpu = () => {
      const c = cpuSnapshot(undefined, cluster);
      return c.postgres + c.pgbouncer;
    };

    const variants = String(args.quorum ?? 'next,server').split(',');
    const servers: { name: string; port: number; host: string; cookie: string; cpu: () => number; output: () => string }[] = [];
    for (const v of variants) {
      const { name, app } = await startVariant(cluster, v, {
        appPool,
        workers: args.workers,
        rebuild: !!args.rebuild && servers.length === 0,
      });
      const a = app;
      res.add(name, () => a.stop());
      const host = `pages-a.localhost:${a.port}`;
      const cookie = await nextAuthLogin(a.port, host, 'admin@bench.test', 'bench-password');
      const page = await request(a.port, host, 'GET', '/', { headers: { cookie } });
      if (page.status !== 200 || !page.text.includes('Bench question 1?')) throw new Error(`${name}: GET / as the admin: ${page.status}`);
      servers.push({ name, port: a.port, host, cookie, cpu: () => treeCpuMs([a.child.pid!]) + clusterCpu(), output: () => a.output() });
      log(`${name} on :${a.port}: page / ${page.text.length} bytes`);
    }
    const expect = (status: number, body: string) => status === 200 && body.includes('Bench question 1?');
    for (const s of servers)
      await openLoop({ label: 'warm-up', port: s.port, host: s.host, path: '/', rate, durationS: 5, headers: { cookie: s.cookie } });
    const all: (OpenLoopResult & { server: string; round: number; cpuMsPerPage: number; load: string })[] = [];
    for (let i = 0; i < rounds; i++) {
      const order = servers.map((_, k) => servers[(k + i) % servers.length]);
      for (const s of order) {
        const c0 = s.cpu();
        const r = await openLoop({
          label: s.name,
          port: s.port,
          host: s.host,
          path: '/',
          rate,
          durationS: seconds,
          headers: { cookie: s.cookie },
          expect,
        });
        all.push({ ...r, server: s.name, round: i + 1, cpuMsPerPage: (s.cpu() - c0) / Math.max(1, r.done), load: loadNote() });
        log(
          `round ${i + 1}/${rounds} ${s.name}: TTFB p50 ${fmt(r.ttfbMs.p50)} p99 ${fmt(r.ttfbMs.p99)} ms, ${r.done}/${r.sent} pages, bad ${r.bad} (${loadNote()})`,
        );
      }
    }
    const per = servers.map((s) => {
      const xs = all.filter((r) => r.server === s.name);
      return {
        name: s.name,
        p50: median(xs.map((r) => r.ttfbMs.p50)),
        p99: median(xs.map((r) => r.ttfbMs.p99)),
        fullP50: median(xs.map((r) => r.totalMs.p50)),
        fullP99: median(xs.map((r) => r.totalMs.p99)),
        cpu: median(xs.map((r) => r.cpuMsPerPage)),
        bad: xs.reduce((a, r) => a + r.bad, 0),
      };
    });
    console.log(
      '\n' +
        table(
          [
            `page / at ${rate}/s open loop (medians of ${rounds} rounds)`,
            'TTFB p50 ms',
            'TTFB p99 ms',
            'full p50',
            'full p99',
            'CPU-ms/page',
            'bad',
          ],
          per.map((p) => [p.name, fmt(p.p50), fmt(p.p99), fmt(p.fullP50), fmt(p.fullP99), fmt(p.cpu, 2), String(p.bad)]),
        ),
    );
    for (const s of servers)
      if (per.find((p) => p.name === s.name)!.bad > 0)
        console.log(`\n${s.name}: failed pages; server output (tail):\n${s.output().slice(-3000)}`);
    const last = per[per.length - 1];
    const verdicts = [
      verdict(`${last.name}: TTFB p50`, last.p50, 'ms', '<=', 30),
      verdict(`${last.name}: TTFB p99`, last.p99, 'ms', '<=', 150),
      verdict(`${last.name}: failed pages`, last.bad, '', '<=', 0),
    ];
    printVerdicts(verdicts);
    writeResult('pages', {
      bench: 'pages',
      command: `npm run bench -- pages ${argv.join(' ')}`.trim(),
      machine: machineInfo(),
      config: { rounds, seconds, rate, pgbouncerPoolSize: poolSize, appPoolMax: appPool, data, variants },
      summary: per,
      rounds: all,
      verdicts,
    });
    return verdicts.every((v) => v.pass) ? 0 : 1;
  } finally {
    await res.close();
  }
}
