// Starts a Quorum server against the cluster for the side-by-side benches: `server` is the
// production start (server.ts: the lean JSON API path in front of Next's handler, QUORUM_WORKERS
// workers), `next` is plain `next start` (how the app was served before issue 11), for comparison.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Cluster } from '@/harness/cluster';
import { freePort, request, type AppServer } from '@/harness/app-server';
import { BENCH_DIST_DIR, clusterEnv } from './env';
import { ROOT } from './common';
import { processGroupStopper } from '@/harness/process-group';

export async function startQuorumServer(c: Cluster, env: Record<string, string>, entry: 'server' | 'next' = 'server'): Promise<AppServer> {
  const port = await freePort();
  const rootDomain = `localhost:${port}`;
  let out = '';
  const args =
    entry === 'server'
      ? ['--import', 'tsx', path.join(ROOT, 'server.ts')]
      : [path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next'), 'start', '-p', String(port)];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      ...clusterEnv(c),
      NODE_ENV: 'production',
      NEXT_DIST_DIR: BENCH_DIST_DIR,
      PORT: String(port),
      HOSTNAME: '127.0.0.1',
      QUORUM_WORKERS: '1',
      ROOT_DOMAIN: rootDomain,
      AUTH_SECRET: randomBytes(32).toString('base64url'),
      AUTH_TRUST_HOST: 'true',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      LOGIN_LIMIT_PER_ADDRESS: '1000000',
      LOGIN_LIMIT_PER_ACCOUNT: '1000000',
      ...env,
    },
  });
  child.stdout?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
  child.stderr?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
  const stop = processGroupStopper(child, 5_000);
  const deadline = Date.now() + 90_000;
  const workers = entry === 'next' ? 0 : Number(env.QUORUM_WORKERS ?? 1) || 1;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${entry} exited (${child.exitCode}):\n${out}`);
    try {
      // Every worker prints its line: wait for all, so the first round does not measure a start.
      if ((await request(port, rootDomain, 'GET', '/api/health')).status === 200 && (out.match(/server on port/g) ?? []).length >= workers)
        break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${entry} did not answer within 90 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { port, rootDomain, child, output: () => out, stop };
}
