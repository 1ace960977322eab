// Starts bench/lib/quorum-server.ts (Next + the lean API path + node:cluster workers) against the
// cluster, like test/harness/app-server.ts startApp does for `next start`.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Cluster } from '@/test/harness/cluster';
import { freePort, request, type AppServer } from '@/test/harness/app-server';
import { BENCH_DIST_DIR, clusterEnv } from './env';
import { ROOT } from './common';

export async function startQuorumServer(c: Cluster, env: Record<string, string>): Promise<AppServer> {
  const port = await freePort();
  const rootDomain = `localhost:${port}`;
  let out = '';
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', 'lib', 'quorum-server.ts')], {
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
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      return;
    }
    for (let i = 0; i < 50 && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 100));
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      /* gone */
    }
  };
  process.once('exit', () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      /* gone */
    }
  });
  const deadline = Date.now() + 90_000;
  const workers = Number(env.QUORUM_WORKERS ?? 1) || 1;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`quorum-server exited (${child.exitCode}):\n${out}`);
    try {
      // Every worker prints its line: wait for all, so the first round does not measure a start.
      if ((await request(port, rootDomain, 'GET', '/api/health')).status === 200 && (out.match(/listening on/g) ?? []).length >= workers)
        break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`quorum-server did not answer within 90 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { port, rootDomain, child, output: () => out, stop };
}
