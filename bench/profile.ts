// npm run bench -- profile [--quorum next|server|bare] [--seconds 20] [--connections 20] [--polls 5]
//                          [--path /api/polls?limit=2] [--token] [--vote] [--page] [--rebuild]
//
// Where the app's CPU goes on GET /api/polls (or --path; --token sends a bearer token of the
// tenant's admin; --vote POSTs votes to the newest poll with a token, as peer's vote path does;
// --page reads the polls page `/` signed in as the tenant's admin, through Next): the server runs under V8's sampling profiler
// (--cpu-prof, 250 µs) while wrk loads it; the profile's self time is summed by origin (Next's
// server runtime, undici's web Request/Response, async hooks, GC, pg, pino, our bundled code…)
// and printed. `--quorum bare` profiles peer's bare contender (bench/lib/bare-server.mjs, one
// process, the same SQL through the same PgBouncer) the same way, to compare. The .cpuprofile is kept in bench/results/ (open it in Chrome DevTools).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { freePort, request } from '@/harness/app-server';
import { fmt, log, machineInfo, num, parseArgs, RESULTS_DIR, ROOT, table, writeResult } from './lib/common';
import { BENCH_DIST_DIR, clusterEnv, ensureBenchBuild, Resources } from './lib/env';
import { BENCH_ADMIN, benchStack, benchTenant } from './lib/stack';
import { voteScript, wrk } from './lib/wrk';
import { nextAuthLogin } from './lib/auth';
import { issueToken } from '@/lib/features/auth/api-tokens';
import { directDb } from '@/lib/infra/db/pool';
import { withTenant } from '@/lib/tenancy';
import { bareEnv } from './lib/bare';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

/** Where a sampled function lives, coarsely: a package, a Next runtime file, a node: module. */
function origin(n: ProfileNode): string {
  const { url, functionName } = n.callFrame;
  if (!url)
    return ['(garbage collector)', '(idle)', '(program)'].includes(functionName) ? functionName : '(native: writev, JSON, microtasks…)';
  const u = url.replace('file://', '');
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)/.exec(u);
  if (m) {
    if (m[1] !== 'next') return m[1];
    const mm = /dist\/(?:compiled\/)?([^/]+\/[^/]+)/.exec(m[2]);
    return `next: ${mm ? mm[1] : m[2]}`;
  }
  if (u.includes(`${BENCH_DIST_DIR}/`)) return 'app bundle (our code, kysely, zod, next-auth)';
  if (u.startsWith('node:'))
    return u
      .replace(/^node:internal\/deps\//, 'node:')
      .split('/')
      .slice(0, 2)
      .join('/');
  return path.relative(ROOT, u);
}

export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const variant = String(args.quorum ?? 'next');
  const seconds = num(args, 'seconds', 20);
  const connections = num(args, 'connections', 20);
  const res = new Resources();
  try {
    ensureBenchBuild(args.rebuild === true);
    const cluster = await benchStack(res, { poolSize: 4 });
    // --polls 50: a full default page, as the token list of `peer` and noisy's big neighbour read.
    await benchTenant({ schema: 't1', name: 'T1', domain: 't1.localhost' }, { polls: num(args, 'polls', 5), choices: 4, votes: 5 });
    const vote = args.vote === true;
    const withToken = args.token === true || vote;
    const t1 = await withTenant(
      { schema: 't1' },
      async (db) => {
        const users = await db.selectFrom('users').select('id').orderBy('id').execute();
        const tokens: string[] = [];
        for (const u of users) tokens.push((await issueToken(db, u.id)).token);
        const poll = await db.selectFrom('polls').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow();
        await db.updateTable('polls').set({ allow_vote_change: true }).where('id', '=', poll.id).execute();
        const choices = await db.selectFrom('choices').select('id').where('poll_id', '=', poll.id).orderBy('id').execute();
        return { tokens, pollId: poll.id, choiceIds: choices.map((c) => c.id) };
      },
      directDb(),
    );
    const page = args.page === true;
    const target = vote ? `/api/polls/${t1.pollId}/votes` : page ? '/' : String(args.path ?? '/api/polls');
    const headers: Record<string, string> = withToken ? { authorization: `Bearer ${t1.tokens[0]}` } : {};
    const script = vote ? voteScript(target, t1.tokens, t1.choiceIds, 2) : undefined;
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    const dir = fs.mkdtempSync(path.join(RESULTS_DIR, 'profile-'));
    const port = await freePort();
    const bare = variant === 'bare';
    const entry =
      variant === 'next'
        ? [path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next'), 'start', '-p', String(port)]
        : bare
          ? [path.join(__dirname, 'lib', 'bare-server.mjs')]
          : ['--import', 'tsx', path.join(ROOT, 'server.ts')];
    // --quorum bare: peer's bare contender (node:http + pg, the same SQL, one process) profiled the same way.
    const bareSettings = bare ? await bareEnv({ port, databaseUrl: cluster.pooledUrl!, schema: 't1', poolMax: 10 }) : {};
    const child = spawn(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=250', ...entry], {
      cwd: ROOT,
      stdio: 'ignore',
      env: {
        ...process.env,
        ...clusterEnv(cluster),
        NODE_ENV: 'production',
        NEXT_DIST_DIR: BENCH_DIST_DIR,
        PORT: String(port),
        QUORUM_WORKERS: '1',
        HOSTNAME: '127.0.0.1',
        ROOT_DOMAIN: `localhost:${port}`,
        AUTH_SECRET: randomBytes(32).toString('base64url'),
        AUTH_TRUST_HOST: 'true',
        LOG_LEVEL: 'warn',
        ...bareSettings,
      },
    });
    res.add('server', () => void (child.exitCode === null && child.kill('SIGKILL')));
    const host = `t1.localhost:${port}`;
    for (let i = 0; ; i++) {
      try {
        if ((await request(port, host, 'GET', '/api/polls')).status === 200) break;
      } catch {
        /* not up yet */
      }
      if (i > 300) throw new Error('server did not start');
      await new Promise((r) => setTimeout(r, 200));
    }
    if (page) headers.cookie = await nextAuthLogin(port, host, BENCH_ADMIN.email, BENCH_ADMIN.password);
    const url = `http://127.0.0.1:${port}${target}`;
    await wrk({ url, host, threads: 2, connections, durationS: 5, headers, script });
    const r = await wrk({ url, host, threads: 2, connections, durationS: seconds, headers, script });
    log(
      `${variant} ${vote ? 'POST' : 'GET'} ${target}${withToken ? ' (token)' : ''}: ${fmt(r.rps, 0)} req/s, p99 ${fmt(r.p99Ms)} ms under the profiler`,
    );
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGINT'); // the profile is written on a normal exit
    await exited;
    const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error('no .cpuprofile written');
    const prof = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as {
      nodes: ProfileNode[];
      samples: number[];
      timeDeltas: number[];
    };
    const byId = new Map(prof.nodes.map((n) => [n.id, n]));
    const self = new Map<string, number>();
    const fns = new Map<string, number>();
    let busy = 0;
    // Only the measured run's samples: the start (module loading, tsx, source maps) and the warm-up are left out.
    const stamps: number[] = [];
    prof.timeDeltas.reduce((t, dt, i) => (stamps[i] = t + dt), 0);
    const from = (stamps.at(-1) ?? 0) - seconds * 1e6;
    prof.samples.forEach((id, i) => {
      const n = byId.get(id)!;
      if (n.callFrame.functionName === '(idle)' || stamps[i] < from) return;
      const dt = prof.timeDeltas[i] ?? 0;
      busy += dt;
      self.set(origin(n), (self.get(origin(n)) ?? 0) + dt);
      const fn = `${n.callFrame.functionName || '(anonymous)'} ${path.basename(n.callFrame.url)}`;
      fns.set(fn, (fns.get(fn) ?? 0) + dt);
    });
    const rows = [...self.entries()].sort((a, b) => b[1] - a[1]);
    console.log(
      '\n' +
        table(
          ['origin (self time)', 'share of busy CPU', 'CPU-ms per request'],
          rows.slice(0, 30).map(([k, v]) => [k, `${fmt((100 * v) / busy)} %`, fmt(v / 1000 / r.requests, 3)]),
        ),
    );
    console.log(
      '\n' +
        table(
          ['function (self time)', 'share of busy CPU'],
          [...fns.entries()]
            .sort((a, b) => b[1] - a[1])
            .slice(0, 25)
            .map(([k, v]) => [k.slice(0, 80), `${fmt((100 * v) / busy)} %`]),
        ),
    );
    console.log(
      `busy ${fmt(busy / 1000, 0)} ms over the last ${seconds} s, ${r.requests} requests: profile ${path.relative(ROOT, path.join(dir, file))}`,
    );
    writeResult('profile', {
      bench: 'profile',
      command: `npm run bench -- profile ${argv.join(' ')}`.trim(),
      machine: machineInfo(),
      variant,
      load: { rps: r.rps, p99Ms: r.p99Ms, requests: r.requests },
      profile: path.relative(ROOT, path.join(dir, file)),
      selfMsByOrigin: Object.fromEntries(rows.map(([k, v]) => [k, v / 1000])),
    });
    return 0;
  } finally {
    await res.close();
  }
}
