// npm run bench -- ab [--base HEAD~1] [--rounds 6] [--seconds 8] [--connections 20] [--workers 1]
//                     [--polls 5] [--path /api/polls] [--token] [--rebuild]
//
// Is this checkout's server cheaper than an earlier commit's? Both run side by side on one
// PostgreSQL + PgBouncer (transaction mode, pool 4): `base` from a git worktree of that commit
// (removed afterwards; it shares this checkout's node_modules and .next-bench build, so it is the
// server's own code that differs — the JSON API is answered by server.ts without Next), `head`
// from this checkout, uncommitted changes included. wrk loads one, then the other, in interleaved
// rounds (the order alternates), and each round reads the CPU time of the server's processes and
// of PostgreSQL + PgBouncer: CPU-µs per request of the app and of the whole stack, req/s and p99
// per round, the medians, and head ÷ base per round. `--token` sends a bearer token of the tenant's
// admin; `--path` any GET of the tenant API.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fmt, loadNote, log, machineInfo, median, num, parseArgs, ROOT, table, writeResult } from './lib/common';
import { BENCH_DIST_DIR, benchApp, ensureBenchBuild, request, Resources } from './lib/env';
import { benchStack, benchTenant } from './lib/stack';
import { treeCpuMs } from './lib/proc-tree';
import { wrk, type WrkResult } from './lib/wrk';
import { pgbouncerPid, postgresPid } from '@/harness/cluster';
import { issueToken } from '@/lib/features/auth/api-tokens';
import { directDb } from '@/lib/infra/db/pool';
import { withTenant } from '@/lib/tenancy';

type Side = 'base' | 'head';

interface Round {
  side: Side;
  rps: number;
  p99Ms: number;
  requests: number;
  appUs: number;
  stackUs: number;
  bad: number;
}

export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const ref = String(args.base ?? 'HEAD~1');
  const rounds = num(args, 'rounds', 6);
  const seconds = num(args, 'seconds', 8);
  const connections = num(args, 'connections', 20);
  const target = String(args.path ?? '/api/polls');
  const res = new Resources();
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', ref], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
    const head =
      execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim() + (dirty ? ' + changes' : '');
    ensureBenchBuild(args.rebuild === true);
    const tree = path.join(ROOT, '.tmp', `ab-${sha}-${process.pid}`);
    execFileSync('git', ['worktree', 'add', '--detach', tree, sha], { cwd: ROOT, stdio: 'ignore' });
    res.add('worktree', () => void execFileSync('git', ['worktree', 'remove', '--force', tree], { cwd: ROOT, stdio: 'ignore' }));
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(tree, 'node_modules'));
    fs.symlinkSync(path.join(ROOT, BENCH_DIST_DIR), path.join(tree, BENCH_DIST_DIR));

    const cluster = await benchStack(res, { poolSize: 4 });
    await benchTenant({ schema: 't1', name: 'T1', domain: 't1.localhost' }, { polls: num(args, 'polls', 5), choices: 4, votes: 5 });
    const headers: Record<string, string> = {};
    if (args.token === true) {
      const token = await withTenant(
        { schema: 't1' },
        async (db) => {
          const admin = await db.selectFrom('users').select('id').where('role', '=', 'admin').executeTakeFirstOrThrow();
          return (await issueToken(db, admin.id)).token;
        },
        directDb(),
      );
      headers.authorization = `Bearer ${token}`;
    }
    const env = { QUORUM_WORKERS: String(num(args, 'workers', 1)) };
    const servers = {
      base: await benchApp(cluster, env, false, tree),
      head: await benchApp(cluster, env),
    };
    res.add('server base', () => servers.base.stop());
    res.add('server head', () => servers.head.stop());
    const bodies: Record<string, string> = {};
    for (const side of ['base', 'head'] as const) {
      const app = servers[side];
      const r = await request(app.port, `t1.localhost:${app.port}`, 'GET', target, { headers });
      if (r.status !== 200) throw new Error(`${side}: GET ${target} answered ${r.status}`);
      bodies[side] = r.text;
    }
    if (bodies.base !== bodies.head) log(`note: base and head answer different bodies for ${target}`);
    const db = [postgresPid(cluster), pgbouncerPid(cluster)].filter((p): p is number => p !== null);
    const load = (side: Side, durationS: number): Promise<WrkResult> => {
      const port = servers[side].port;
      return wrk({ url: `http://127.0.0.1:${port}${target}`, host: `t1.localhost:${port}`, threads: 2, connections, durationS, headers });
    };
    for (const side of ['base', 'head'] as const) await load(side, 3); // JIT, pools: not counted
    const all: Round[] = [];
    for (let i = 0; i < rounds; i++) {
      for (const side of i % 2 === 0 ? (['base', 'head'] as const) : (['head', 'base'] as const)) {
        const app0 = treeCpuMs([servers[side].child.pid!]);
        const db0 = treeCpuMs(db);
        const r = await load(side, seconds);
        const appMs = treeCpuMs([servers[side].child.pid!]) - app0;
        const dbMs = treeCpuMs(db) - db0;
        const round: Round = {
          side,
          rps: r.rps,
          p99Ms: r.p99Ms,
          requests: r.requests,
          appUs: (1000 * appMs) / r.requests,
          stackUs: (1000 * (appMs + dbMs)) / r.requests,
          bad: r.non2xx + r.socketErrors,
        };
        all.push(round);
        log(
          `round ${i + 1} ${side}: ${fmt(r.rps, 0)} req/s, p99 ${fmt(r.p99Ms)} ms, app ${fmt(round.appUs, 0)} CPU-µs/req, stack ${fmt(round.stackUs, 0)} (${loadNote()})`,
        );
      }
    }
    const of = (side: Side) => all.filter((r) => r.side === side);
    const ratios = (k: 'appUs' | 'stackUs' | 'rps') => of('head').map((h, i) => h[k] / of('base')[i]![k]);
    console.log(
      `\nGET ${target}${args.token === true ? ' (token)' : ''} on t1, ${connections} connections, ${rounds} × ${seconds} s per side, interleaved; server.ts ${env.QUORUM_WORKERS} worker(s); ${loadNote()}`,
    );
    console.log(
      table(
        ['side', 'commit', 'req/s', 'p99 ms', 'app CPU-µs/req', 'stack CPU-µs/req', 'non-2xx + errors'],
        (['base', 'head'] as const).map((s) => [
          s,
          s === 'base' ? sha : head,
          fmt(median(of(s).map((r) => r.rps)), 0),
          fmt(median(of(s).map((r) => r.p99Ms))),
          fmt(median(of(s).map((r) => r.appUs)), 0),
          fmt(median(of(s).map((r) => r.stackUs)), 0),
          of(s).reduce((n, r) => n + r.bad, 0),
        ]),
      ),
    );
    const show = (xs: number[]) => `${fmt(median(xs), 3)} (rounds ${xs.map((x) => fmt(x, 2)).join(', ')})`;
    console.log(`head ÷ base, median of rounds: app CPU/req ${show(ratios('appUs'))}`);
    console.log(`                               stack CPU/req ${show(ratios('stackUs'))}`);
    console.log(`                               req/s ${show(ratios('rps'))}`);
    writeResult('ab', {
      bench: 'ab',
      command: `npm run bench -- ab ${argv.join(' ')}`.trim(),
      machine: machineInfo(),
      base: sha,
      head,
      target,
      rounds: all,
    });
    return 0;
  } finally {
    await res.close();
  }
}
