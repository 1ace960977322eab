// npm run bench -- peer [--rounds 5] [--seconds 15] [--connections 20] [--threads 2] [--pool 4]
//                       [--app-pool 10] [--bare-pool 10] [--warmup 5] [--skip-peer] [--rebuild]
//                       [--quorum next,server] [--workers N]
//
// Side by side, one run, interleaved rounds (the order rotates every round), `GET /api/polls` on
// tenant t1 (5 polls × 4 choices, 5 users voting once per poll) with wrk:
//   - django-tenants (the peer): /work/shared/peer-django/serve.sh, gunicorn 2 sync workers,
//     persistent connections straight to its own PostgreSQL (its best case);
//   - Quorum: the production build, served as --quorum lists (bench/lib/variants.ts: `next start`,
//     server.ts with and without the lean path, 1 or N workers), through PgBouncer (transaction
//     pooling, --pool server connections);
//   - the limit: bench/lib/bare-server.mjs, node:http + pg, one process, the same SQL as
//     listPollsQuery with the schema in every table name, through the same PgBouncer.
// Per contender: req/s, p50/p99, non-2xx, and CPU-ms per request of its whole stack (server
// processes + its PostgreSQL backends + PgBouncer where it has one). Ratios Quorum/peer and
// Quorum/limit are taken from the medians of the rounds.
import { isDeepStrictEqual } from 'node:util';
import { closePools, directDb } from '@/lib/infra/db/pool';
import { hashPassword } from '@/lib/features/auth/password';
import { provisionTenantWithAdmin } from '@/lib/features/organisation/provision-with-admin';
import { stopTenancyListener } from '@/lib/tenancy/resolve-host';
import { fmt, loadNote, log, machineInfo, median, num, parseArgs, printVerdicts, table, verdict, writeResult } from './lib/common';
import { benchCluster, request, Resources } from './lib/env';
import { cpuSnapshot } from './lib/cpu';
import { treeCpuMs } from './lib/proc-tree';
import { wrk, type WrkResult } from './lib/wrk';
import { ensureShared, fillTenant } from './lib/tenants';
import { startBare } from './lib/bare';
import { startPeer } from './lib/peer-django';
import { startVariant } from './lib/variants';

interface Contender {
  name: string;
  port: number;
  host: string;
  cpuMs: () => number;
}

interface Round extends Omit<WrkResult, 'raw'> {
  contender: string;
  round: number;
  cpuMs: number;
  cpuMsPerReq: number;
  load: string;
}

export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const rounds = num(args, 'rounds', 5);
  const seconds = num(args, 'seconds', 15);
  const connections = num(args, 'connections', 20);
  const threads = num(args, 'threads', 2);
  const poolSize = num(args, 'pool', 4);
  const appPool = num(args, 'app-pool', 10);
  const barePool = num(args, 'bare-pool', 10);
  const warmup = num(args, 'warmup', 5);
  const data = { polls: 5, choices: 4, votes: 5 };
  const res = new Resources();
  try {
    const contenders: Contender[] = [];
    let peerVersion = '';
    if (!args['skip-peer']) {
      const peer = await startPeer();
      res.add('peer', () => peer.stop());
      peerVersion = peer.version;
      const peerCheck = await request<{ tenant: string; polls: { choices: unknown[] }[] }>(peer.port, 't1.localhost', 'GET', '/api/polls');
      if (peerCheck.status !== 200 || peerCheck.body.polls.length !== data.polls || peerCheck.body.polls[0].choices.length !== data.choices)
        throw new Error(`peer GET /api/polls: ${peerCheck.status} ${peerCheck.text.slice(0, 200)}`);
      contenders.push({
        name: 'django-tenants',
        port: peer.port,
        host: 't1.localhost',
        cpuMs: () => {
          const p = peer.pids();
          return treeCpuMs([p.gunicorn, p.postgres].filter((x): x is number => x !== null));
        },
      });
    }

    const cluster = await benchCluster({ poolSize });
    res.add('cluster', () => cluster.stop());
    res.add('pools', async () => {
      await stopTenancyListener();
      await closePools();
    });
    await ensureShared();
    const schema = 't1';
    await provisionTenantWithAdmin(directDb(), {
      schema,
      name: 'T1',
      domain: 't1.localhost',
      admin: { email: 'admin@bench.test', password: 'bench-password' },
    });
    await fillTenant(schema, data, await hashPassword('bench-password'));
    log(`tenant ${schema}: ${data.polls} polls × ${data.choices} choices, ${data.votes} votes per poll`);
    const clusterCpu = () => {
      const c = cpuSnapshot(undefined, cluster);
      return c.postgres + c.pgbouncer;
    };

    // Quorum variants (bench/lib/variants.ts); the verdicts are for the last one.
    const variants = String(args.quorum ?? 'next,server').split(',');
    const quorumNames: string[] = [];
    for (const v of variants) {
      const { name, app } = await startVariant(cluster, v, {
        appPool,
        workers: args.workers,
        rebuild: !!args.rebuild && quorumNames.length === 0,
      });
      const a = app;
      res.add(name, () => a.stop());
      quorumNames.push(name);
      contenders.push({ name, port: a.port, host: `t1.localhost:${a.port}`, cpuMs: () => treeCpuMs([a.child.pid!]) + clusterCpu() });
    }

    const bare = await startBare({ databaseUrl: cluster.pooledUrl!, schema, poolMax: barePool });
    res.add('bare', () => bare.stop());
    contenders.push({
      name: 'bare node:http + pg',
      port: bare.port,
      host: 't1.localhost',
      cpuMs: () => treeCpuMs([bare.child.pid!]) + clusterCpu(),
    });

    // Quorum and the limit must answer the same bytes' worth of JSON: same rows, same shape.
    const sanity = contenders.filter((c) => quorumNames.includes(c.name));
    const qs = await Promise.all(sanity.map((c) => request(c.port, c.host, 'GET', '/api/polls')));
    for (let k = 1; k < qs.length; k++)
      if (qs[k].status !== 200 || !isDeepStrictEqual(qs[k].body, qs[0].body))
        throw new Error(`${sanity[k].name} answers differently: ${qs[k].status} ${qs[k].text.slice(0, 200)}`);
    const q = qs[0];
    const b = await request(bare.port, 't1.localhost', 'GET', '/api/polls');
    if (q.status !== 200 || b.status !== 200) throw new Error(`sanity: Quorum ${q.status}, bare ${b.status}: ${b.text.slice(0, 200)}`);
    if (!isDeepStrictEqual(q.body, b.body))
      throw new Error(`the bare server answers different JSON:\n${q.text.slice(0, 300)}\n${b.text.slice(0, 300)}`);
    log(`Quorum and bare answer identical JSON (${q.text.length} bytes)`);

    const run = async (c: Contender, s: number, round: number): Promise<Round> => {
      const c0 = c.cpuMs();
      const r = await wrk({ url: `http://127.0.0.1:${c.port}/api/polls`, host: c.host, threads, connections, durationS: s });
      const cpuMs = c.cpuMs() - c0;
      const { raw: _raw, ...rest } = r;
      return { ...rest, contender: c.name, round, cpuMs, cpuMsPerReq: cpuMs / Math.max(1, r.requests), load: loadNote() };
    };
    log(`warm-up ${warmup} s each (${loadNote()})`);
    for (const c of contenders) await run(c, warmup, 0);
    const all: Round[] = [];
    for (let i = 0; i < rounds; i++) {
      // Rotate who goes first so no contender always follows the same neighbour.
      const order = contenders.map((_, k) => contenders[(k + i) % contenders.length]);
      const line: string[] = [];
      for (const c of order) {
        const r = await run(c, seconds, i + 1);
        all.push(r);
        line.push(`${c.name} ${fmt(r.rps, 0)} req/s p99 ${fmt(r.p99Ms)} ${fmt(r.cpuMsPerReq, 2)} CPU-ms`);
      }
      log(`round ${i + 1}/${rounds}: ${line.join(' | ')} (${loadNote()})`);
    }

    const per = contenders.map((c) => {
      const xs = all.filter((r) => r.contender === c.name);
      return {
        name: c.name,
        rps: median(xs.map((r) => r.rps)),
        p50: median(xs.map((r) => r.p50Ms)),
        p99: median(xs.map((r) => r.p99Ms)),
        cpu: median(xs.map((r) => r.cpuMsPerReq)),
        bad: xs.reduce((s, r) => s + r.non2xx + r.socketErrors, 0),
        rounds: xs,
      };
    });
    console.log(
      '\n' +
        table(
          ['contender (medians of rounds)', 'req/s', 'p50 ms', 'p99 ms', 'CPU-ms/req (stack)', 'non-2xx + socket errors'],
          per.map((p) => [p.name, fmt(p.rps, 0), fmt(p.p50, 2), fmt(p.p99, 2), fmt(p.cpu, 2), String(p.bad)]),
        ),
    );
    const byName = (n: string) => per.find((p) => p.name === n);
    const limit = byName('bare node:http + pg')!;
    const peer = byName('django-tenants');
    // Per round, each ratio from the same round (the neighbours' load hits both sides alike).
    const roundRatio = (a: string, other: string) =>
      median(
        Array.from({ length: rounds }, (_, i) => {
          const x = all.find((r) => r.round === i + 1 && r.contender === a);
          const o = all.find((r) => r.round === i + 1 && r.contender === other);
          return x && o ? x.rps / o.rps : NaN;
        }).filter((x) => !Number.isNaN(x)),
      );
    const ratios = quorumNames.map((name) => {
      const quorum = byName(name)!;
      return {
        quorum: name,
        overPeer: peer ? quorum.rps / peer.rps : NaN,
        overPeerPerRound: peer ? roundRatio(name, peer.name) : NaN,
        overLimit: quorum.rps / limit.rps,
        overLimitPerRound: roundRatio(name, limit.name),
        p99MinusPeerP99: peer ? quorum.p99 - peer.p99 : NaN,
        cpuPeerOverQuorum: peer ? peer.cpu / quorum.cpu : NaN,
        cpuLimitOverQuorum: limit.cpu / quorum.cpu,
        bad: quorum.bad,
      };
    });
    console.log(
      '\n' +
        table(
          [
            'Quorum variant',
            '÷ django-tenants req/s',
            '(per round)',
            'p99 − peer p99 ms',
            '÷ limit req/s',
            '(per round)',
            'CPU/req peer ÷ Quorum',
            'limit ÷ Quorum',
          ],
          ratios.map((r) => [
            r.quorum,
            fmt(r.overPeer, 2),
            fmt(r.overPeerPerRound, 2),
            fmt(r.p99MinusPeerP99, 1),
            fmt(r.overLimit, 2),
            fmt(r.overLimitPerRound, 2),
            fmt(r.cpuPeerOverQuorum, 2),
            fmt(r.cpuLimitOverQuorum, 2),
          ]),
        ),
    );
    // The verdicts are for the last variant: the product's production start.
    const main = ratios[ratios.length - 1];
    const verdicts = [
      verdict(`${main.quorum} ÷ bare limit, req/s`, main.overLimit, 'x', '>=', 0.5),
      verdict(`${main.quorum} non-2xx`, main.bad, '', '<=', 0),
    ];
    if (peer) {
      verdicts.unshift(
        verdict(`${main.quorum} ÷ django-tenants, req/s`, main.overPeer, 'x', '>=', 2),
        verdict(`${main.quorum} p99 − django-tenants p99`, main.p99MinusPeerP99, 'ms', '<=', 0),
      );
    }
    printVerdicts(verdicts);
    writeResult('peer', {
      bench: 'peer',
      command: `npm run bench -- peer ${argv.join(' ')}`.trim(),
      machine: machineInfo(),
      config: {
        rounds,
        seconds,
        connections,
        threads,
        pgbouncerPoolSize: poolSize,
        appPoolMax: appPool,
        barePoolMax: barePool,
        data,
        peerVersion,
      },
      summary: per.map(({ rounds: _r, ...p }) => p),
      ratios,
      rounds: all,
      verdicts,
    });
    return verdicts.every((v) => v.pass) ? 0 : 1;
  } finally {
    await res.close();
  }
}
