// npm run bench -- peer [--rounds 5] [--seconds 15] [--connections 20] [--threads 2] [--pool 4]
//                       [--app-pool 10] [--bare-pool 10] [--bare-workers 1] [--warmup 5] [--skip-peer] [--rebuild]
//                       [--quorum next,server] [--workers N] [--paths anon,token,page,poll,vote,html]
//                       [--rate 50]
//
// Side by side, one run, interleaved rounds (the order rotates every round), with wrk, per path:
//   anon   `GET /api/polls` on tenant t1 (5 polls × 4 choices, 5 users voting once per poll),
//          anonymous: django-tenants, Quorum, bare (target: Quorum ≥ 0.75× bare by CPU/request,
//          ≥ 2× django-tenants by req/s, p99 below its p99);
//   token  `GET /api/polls` with a bearer token, on tenant t2 (60 polls × 4 choices, 200 users);
//   page   `GET /api/polls?limit=10&cursor=…` (the second page), anonymous, on t2;
//   poll   `GET /api/polls/<id>` with a bearer token, on t2;
//   vote   `POST /api/polls/<id>/votes` on a t2 poll that allows vote changes, 200 voters' tokens
//          in turn, each voter's next vote on another choice (every POST moves a vote);
//          token/page/poll/vote: Quorum and bare (target: Quorum ≥ 0.5× bare by CPU/request);
//   html   the logged-in polls page `/` of t2 at --rate pages/s, open loop: Quorum's CPU-ms per
//          page and TTFB p50/p99 (no target here; `bench pages` has the page's); its rounds come
//          after the API rounds.
// The contenders:
//   - django-tenants (the peer): /work/shared/peer-django/serve.sh, gunicorn 2 sync workers,
//     persistent connections straight to its own PostgreSQL (its best case);
//   - Quorum: the production build, served as --quorum lists (bench/lib/variants.ts: `next start`,
//     server.ts with and without the lean path, 1 or N workers), through PgBouncer (transaction
//     pooling, --pool server connections);
//   - bare: bench/lib/bare-server.mjs, node:http + pg, one process per tenant, the statements of
//     Quorum's query functions (bench/lib/bare-sql.ts) with the schema in every table name, the
//     same token lookup (SHA-256, one indexed lookup; cached for reads, as Quorum does), through
//     the same PgBouncer. One process, as the issue's contender; `--bare-workers N` runs it as N
//     node:cluster workers (each with a pool of --bare-pool), to compare process for process with
//     Quorum's QUORUM_WORKERS.
// Per contender and path: req/s, p50/p99, non-2xx, and CPU-ms per request of its whole stack
// (server processes + its PostgreSQL backends + PgBouncer where it has one). Ratios are taken
// per round (both sides met the same neighbours' load) and their median reported.
import fs from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { directDb } from '@/lib/infra/db/pool';
import { hashPassword } from '@/lib/features/auth/password';
import { fmt, loadNote, log, machineInfo, median, num, parseArgs, printVerdicts, sleep, table, verdict, writeResult } from './lib/common';
import { request, Resources } from './lib/env';
import { benchStack, benchTenant } from './lib/stack';
import { cpuSnapshot } from './lib/cpu';
import { treeCpuMs } from './lib/proc-tree';
import { voteScript, wrk, type WrkResult } from './lib/wrk';
import { startBare } from './lib/bare';
import { startPeer } from './lib/peer-django';
import { startVariant } from './lib/variants';
import { issueToken } from '@/lib/features/auth/api-tokens';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { nextAuthLogin } from './lib/auth';
import { openLoop } from './lib/open-loop';

interface Contender {
  name: string;
  port: number;
  host: string;
  cpuMs: () => number;
  /** Of cpuMs: the database side (PostgreSQL + PgBouncer), where known. */
  dbCpuMs?: () => number;
}

/** One measured path: its contenders and how one of their runs goes. */
interface PathRun {
  key: string;
  label: string;
  /** Quorum ÷ bare by CPU per request, at least (null: no bare contender). */
  target: number | null;
  contenders: Contender[];
  url: string;
  headers?: Record<string, string>;
  script?: string;
}

interface Round extends Omit<WrkResult, 'raw'> {
  path: string;
  contender: string;
  round: number;
  cpuMs: number;
  cpuMsPerReq: number;
  dbCpuMsPerReq: number;
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
  const bareWorkers = num(args, 'bare-workers', 1);
  log(`bare contender: ${bareWorkers} process${bareWorkers === 1 ? '' : 'es (node:cluster)'} per tenant`);
  const warmup = num(args, 'warmup', 5);
  const rate = num(args, 'rate', 50);
  const data = { polls: 5, choices: 4, votes: 5 };
  const data2 = { polls: 60, choices: 4, votes: 200 };
  const want = new Set(String(args.paths ?? 'anon,token,page,poll,vote,html').split(','));
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

    const cluster = await benchStack(res, { poolSize });
    const passwordHash = await hashPassword('bench-password');
    for (const [schema, shape] of [
      ['t1', data],
      ['t2', data2],
    ] as const) {
      await benchTenant({ schema, name: schema.toUpperCase(), domain: `${schema}.localhost` }, shape, passwordHash);
      log(`tenant ${schema}: ${shape.polls} polls × ${shape.choices} choices, ${shape.votes} votes per poll`);
    }
    // t2: a bearer token per user, and the newest poll takes vote changes (every vote POST is a write).
    const t2 = await withTenant(
      { schema: 't2' },
      async (db) => {
        const users = await db.selectFrom('users').select('id').orderBy('id').execute();
        const tokens: string[] = [];
        for (const u of users) tokens.push((await issueToken(db, u.id)).token);
        const poll = await db.selectFrom('polls').select('id').orderBy('pub_date', 'desc').orderBy('id', 'desc').executeTakeFirstOrThrow();
        await db.updateTable('polls').set({ allow_vote_change: true }).where('id', '=', poll.id).execute();
        const choices = await db.selectFrom('choices').select('id').where('poll_id', '=', poll.id).orderBy('id').execute();
        return { tokens, pollId: poll.id, choiceIds: choices.map((c) => c.id) };
      },
      directDb(),
    );
    const clusterCpu = () => {
      const c = cpuSnapshot(undefined, cluster);
      return c.postgres + c.pgbouncer;
    };

    // Quorum variants (bench/lib/variants.ts); the verdicts are for the last one.
    const variants = String(args.quorum ?? 'next,server').split(',');
    const quorumNames: string[] = [];
    const quorum: (Contender & { cookie: string })[] = [];
    for (const v of variants) {
      const { name, app } = await startVariant(cluster, v, {
        appPool,
        workers: args.workers,
        rebuild: !!args.rebuild && quorumNames.length === 0,
      });
      const a = app;
      res.add(name, () => a.stop());
      quorumNames.push(name);
      const cookie = want.has('html') ? await nextAuthLogin(a.port, `t2.localhost:${a.port}`, 'admin@bench.test', 'bench-password') : '';
      quorum.push({
        name,
        port: a.port,
        host: `localhost:${a.port}`,
        cpuMs: () => treeCpuMs([a.child.pid!]) + clusterCpu(),
        dbCpuMs: clusterCpu,
        cookie,
      });
    }
    const onHost = (c: Contender, schema: string): Contender => ({ ...c, host: `${schema}.${c.host}` });

    const bares: Record<string, Contender> = {};
    for (const schema of ['t1', 't2']) {
      const bare = await startBare({ databaseUrl: cluster.pooledUrl!, schema, poolMax: barePool, workers: bareWorkers });
      res.add(`bare ${schema}`, () => bare.stop());
      bares[schema] = {
        name: 'bare node:http + pg',
        port: bare.port,
        host: 'localhost',
        cpuMs: () => treeCpuMs([bare.child.pid!]) + clusterCpu(),
        dbCpuMs: clusterCpu,
      };
    }

    const bearer = { authorization: `Bearer ${t2.tokens[0]}` };
    const firstPage = await request<{ next_cursor: string | null }>(quorum[0].port, `t2.${quorum[0].host}`, 'GET', '/api/polls?limit=10');
    if (!firstPage.body.next_cursor) throw new Error(`t2 ?limit=10: no next_cursor (${firstPage.status})`);
    const onePoll = t2.pollId + 1;
    const voteLua = voteScript(`/api/polls/${t2.pollId}/votes`, t2.tokens, t2.choiceIds, threads);
    res.add('vote script', () => fs.rmSync(voteLua, { force: true }));
    const paths: PathRun[] = [
      {
        key: 'anon',
        label: 'GET /api/polls, anonymous (t1)',
        target: 0.75,
        contenders: [...contenders, ...quorum.map((q) => onHost(q, 't1')), onHost(bares.t1, 't1')],
        url: '/api/polls',
      },
      {
        key: 'token',
        label: 'GET /api/polls, bearer token (t2)',
        target: 0.5,
        contenders: [...quorum, bares.t2].map((q) => onHost(q, 't2')),
        url: '/api/polls',
        headers: bearer,
      },
      {
        key: 'page',
        label: 'GET /api/polls?limit=10&cursor=… (t2)',
        target: 0.5,
        contenders: [...quorum, bares.t2].map((q) => onHost(q, 't2')),
        url: `/api/polls?limit=10&cursor=${firstPage.body.next_cursor}`,
      },
      {
        key: 'poll',
        label: 'GET /api/polls/<id>, bearer token (t2)',
        target: 0.5,
        contenders: [...quorum, bares.t2].map((q) => onHost(q, 't2')),
        url: `/api/polls/${onePoll}`,
        headers: bearer,
      },
      {
        key: 'vote',
        label: `POST /api/polls/<id>/votes, ${t2.tokens.length} voters (t2)`,
        target: 0.5,
        contenders: [...quorum, bares.t2].map((q) => onHost(q, 't2')),
        url: `/api/polls/${t2.pollId}/votes`,
        script: voteLua,
      },
    ].filter((p) => want.has(p.key));

    // Quorum (every variant) and bare must answer the same JSON on every read path, and both must take a vote.
    for (const p of paths) {
      const answers = await Promise.all(
        p.contenders
          .filter((c) => c.name !== 'django-tenants')
          .map(async (c) => {
            if (p.key !== 'vote') return { c, r: await request(c.port, c.host, 'GET', p.url, { headers: p.headers }) };
            const body = JSON.stringify({ choice_id: t2.choiceIds[1] });
            const headers = { authorization: `Bearer ${t2.tokens[1]}`, 'content-type': 'application/json' };
            return { c, r: await request(c.port, c.host, 'POST', p.url, { body, headers }) };
          }),
      );
      for (const { c, r } of answers) {
        if (r.status !== 200 && !(p.key === 'vote' && r.status === 201))
          throw new Error(`${p.label}: ${c.name} answers ${r.status} ${r.text.slice(0, 300)}`);
        if (p.key !== 'vote' && !isDeepStrictEqual(r.body, answers[0].r.body))
          throw new Error(`${p.label}: ${c.name} answers different JSON:\n${answers[0].r.text.slice(0, 300)}\n${r.text.slice(0, 300)}`);
      }
      log(
        `${p.label}: Quorum and bare answer ${p.key === 'vote' ? '200 (a changed vote)' : `identical JSON (${answers[0].r.text.length} bytes)`}`,
      );
    }

    const run = async (p: PathRun, c: Contender, s: number, round: number): Promise<Round> => {
      const c0 = c.cpuMs();
      const d0 = c.dbCpuMs?.() ?? NaN;
      const r = await wrk({
        url: `http://127.0.0.1:${c.port}${p.url}`,
        host: c.host,
        threads,
        connections,
        durationS: s,
        headers: p.headers,
        script: p.script,
      });
      const cpuMs = c.cpuMs() - c0;
      const dbCpuMs = (c.dbCpuMs?.() ?? NaN) - d0;
      const { raw: _raw, ...rest } = r;
      const n = Math.max(1, r.requests);
      return {
        ...rest,
        path: p.key,
        contender: c.name,
        round,
        cpuMs,
        cpuMsPerReq: cpuMs / n,
        dbCpuMsPerReq: dbCpuMs / n,
        load: loadNote(),
      };
    };
    const html = want.has('html')
      ? async (q: (typeof quorum)[number], s: number, round: number) => {
          const c0 = q.cpuMs();
          const r = await openLoop({
            label: q.name,
            port: q.port,
            host: `t2.${q.host}`,
            path: '/',
            rate,
            durationS: s,
            headers: { cookie: q.cookie },
            expect: (status, body) => status === 200 && body.includes('Bench question 1?'),
          });
          return { ...r, server: q.name, round, cpuMsPerPage: (q.cpuMs() - c0) / Math.max(1, r.done), load: loadNote() };
        }
      : null;
    log(`warm-up ${warmup} s each (${loadNote()})`);
    for (const p of paths) for (const c of p.contenders) await run(p, c, warmup, 0);
    const all: Round[] = [];
    const pages: Awaited<ReturnType<NonNullable<typeof html>>>[] = [];
    for (let i = 0; i < rounds; i++) {
      for (const p of paths) {
        // Rotate who goes first so no contender always follows the same neighbour.
        const order = p.contenders.map((_, k) => p.contenders[(k + i) % p.contenders.length]);
        const line: string[] = [];
        for (const c of order) {
          const r = await run(p, c, seconds, i + 1);
          all.push(r);
          line.push(`${c.name} ${fmt(r.rps, 0)} req/s p99 ${fmt(r.p99Ms)} ${fmt(r.cpuMsPerReq, 2)} CPU-ms`);
        }
        log(`round ${i + 1}/${rounds} ${p.key}: ${line.join(' | ')} (${loadNote()})`);
      }
    }

    // The page rounds after the API rounds: an overloaded page round leaves the server busy with
    // answers nobody waits for any more, which must not fall into an API round. Each page round
    // waits until the server answers /api/health within 100 ms again (60 s at most).
    const drain = async (q: Contender) => {
      for (const t0 = Date.now(); Date.now() - t0 < 60_000; await sleep(500)) {
        const s = performance.now();
        const ok = await request(q.port, q.host, 'GET', '/api/health').then(
          (r) => r.status === 200,
          () => false,
        );
        if (ok && performance.now() - s < 100) return;
      }
    };
    if (html) {
      for (const q of quorum) {
        await html(q, warmup, 0);
        await drain(q);
      }
      for (let i = 0; i < rounds; i++)
        for (const q of quorum.map((_, k) => quorum[(k + i) % quorum.length])) {
          const r = await html(q, seconds, i + 1);
          pages.push(r);
          log(
            `round ${i + 1}/${rounds} html ${q.name}: TTFB p50 ${fmt(r.ttfbMs.p50)} p99 ${fmt(r.ttfbMs.p99)} ms, ${fmt(r.cpuMsPerPage, 2)} CPU-ms/page, bad ${r.bad} (${loadNote()})`,
          );
          await drain(q);
        }
    }

    const summarise = (p: PathRun) =>
      p.contenders.map((c) => {
        const xs = all.filter((r) => r.path === p.key && r.contender === c.name);
        return {
          path: p.key,
          name: c.name,
          rps: median(xs.map((r) => r.rps)),
          p50: median(xs.map((r) => r.p50Ms)),
          p99: median(xs.map((r) => r.p99Ms)),
          cpu: median(xs.map((r) => r.cpuMsPerReq)),
          db: median(xs.map((r) => r.dbCpuMsPerReq)),
          bad: xs.reduce((s, r) => s + r.non2xx + r.socketErrors, 0),
        };
      });
    const summaries = paths.map((p) => ({ p, per: summarise(p) }));
    for (const { p, per } of summaries)
      console.log(
        `\n${p.label}\n` +
          table(
            [
              'contender (medians of rounds)',
              'req/s',
              'p50 ms',
              'p99 ms',
              'CPU-ms/req (stack)',
              'of which PG + PgBouncer',
              'non-2xx + socket errors',
            ],
            per.map((x) => [
              x.name,
              fmt(x.rps, 0),
              fmt(x.p50, 2),
              fmt(x.p99, 2),
              fmt(x.cpu, 2),
              Number.isNaN(x.db) ? '–' : fmt(x.db, 2),
              String(x.bad),
            ]),
          ),
      );
    // Per round, each ratio from the same round (the neighbours' load hits both sides alike).
    const roundRatio = (path: string, a: string, other: string, f: (x: Round, o: Round) => number) =>
      median(
        Array.from({ length: rounds }, (_, i) => {
          const x = all.find((r) => r.path === path && r.round === i + 1 && r.contender === a);
          const o = all.find((r) => r.path === path && r.round === i + 1 && r.contender === other);
          return x && o ? f(x, o) : NaN;
        }).filter((x) => !Number.isNaN(x)),
      );
    const anon = summaries.find((s) => s.p.key === 'anon')?.per;
    const byName = (n: string) => anon?.find((p) => p.name === n);
    const limit = byName('bare node:http + pg');
    const peer = byName('django-tenants');
    const ratios = limit
      ? quorumNames.map((name) => {
          const q = byName(name)!;
          return {
            quorum: name,
            overPeer: peer ? q.rps / peer.rps : NaN,
            overPeerPerRound: peer ? roundRatio('anon', name, peer.name, (x, o) => x.rps / o.rps) : NaN,
            overLimit: q.rps / limit.rps,
            overLimitPerRound: roundRatio('anon', name, limit.name, (x, o) => x.rps / o.rps),
            p99MinusPeerP99: peer ? q.p99 - peer.p99 : NaN,
            cpuPeerOverQuorum: peer ? peer.cpu / q.cpu : NaN,
            cpuLimitOverQuorum: limit.cpu / q.cpu,
            bad: q.bad,
          };
        })
      : [];
    if (ratios.length)
      console.log(
        '\n' +
          table(
            [
              'Quorum variant (anonymous list)',
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
    const mainName = quorumNames[quorumNames.length - 1];
    const perPath = summaries.map(({ p, per }) => {
      const q = per.find((x) => x.name === mainName)!;
      const b = per.find((x) => x.name === 'bare node:http + pg')!;
      const ratio = roundRatio(p.key, mainName, b.name, (x, o) => o.cpuMsPerReq / x.cpuMsPerReq);
      return { path: p.key, label: p.label, target: p.target!, quorum: q, bare: b, ratio };
    });
    console.log(
      `\n${mainName} vs bare, per path (medians of rounds; ratio = bare CPU-ms ÷ Quorum CPU-ms, median of per-round ratios)\n` +
        table(
          ['path', 'Quorum req/s', 'bare req/s', 'Quorum CPU-ms/req', 'bare CPU-ms/req', 'ratio', 'target', 'result'],
          perPath.map((x) => [
            x.label,
            fmt(x.quorum.rps, 0),
            fmt(x.bare.rps, 0),
            fmt(x.quorum.cpu, 2),
            fmt(x.bare.cpu, 2),
            fmt(x.ratio, 2),
            `>= ${x.target}`,
            x.ratio >= x.target ? 'PASS' : 'FAIL',
          ]),
        ),
    );
    const htmlPer = quorum.map((q) => {
      const xs = pages.filter((r) => r.server === q.name);
      return {
        name: q.name,
        p50: median(xs.map((r) => r.ttfbMs.p50)),
        p99: median(xs.map((r) => r.ttfbMs.p99)),
        cpu: median(xs.map((r) => r.cpuMsPerPage)),
        bad: xs.reduce((a, r) => a + r.bad, 0),
        statuses: Object.entries(
          xs.reduce<Record<string, number>>((acc, r) => {
            for (const [k, n] of Object.entries(r.statuses)) acc[k] = (acc[k] ?? 0) + n;
            return acc;
          }, {}),
        )
          .map(([k, n]) => `${k}×${n}`)
          .join(' '),
      };
    });
    if (html)
      console.log(
        `\nlogged-in polls page / (t2) at ${rate} pages/s open loop (medians of ${rounds} rounds)\n` +
          table(
            ['Quorum variant', 'CPU-ms/page (stack)', 'TTFB p50 ms', 'TTFB p99 ms', 'bad', 'statuses'],
            htmlPer.map((x) => [x.name, fmt(x.cpu, 2), fmt(x.p50), fmt(x.p99), String(x.bad), x.statuses]),
          ),
      );
    const verdicts = perPath.map((x) => verdict(`${mainName}: ${x.label}, bare CPU/req ÷ Quorum CPU/req`, x.ratio, 'x', '>=', x.target));
    verdicts.push(
      verdict(
        `${mainName} non-2xx`,
        perPath.reduce((s, x) => s + x.quorum.bad, 0),
        '',
        '<=',
        0,
      ),
    );
    const main = ratios[ratios.length - 1];
    if (peer && main) {
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
        data2,
        rate,
        paths: paths.map((p) => ({ key: p.key, label: p.label, url: p.url, target: p.target })),
        peerVersion,
      },
      summary: summaries.flatMap((s) => s.per),
      ratios,
      perPath: perPath.map(({ path, target, ratio, quorum: q, bare: b }) => ({ path, target, ratio, quorum: q, bare: b })),
      html: htmlPer,
      rounds: all,
      pages,
      verdicts,
    });
    return verdicts.every((v) => v.pass) ? 0 : 1;
  } finally {
    await res.close();
  }
}
