// django-tenants (the peer), started and stopped with the scripts of /work/shared/peer-django
// (PEER_DJANGO_DIR overrides): serve.sh brings up its own PostgreSQL and gunicorn with tenants t1
// and t2 (5 polls × 4 choices, 5 users voting once per poll); stop_all.sh ends them by PID.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from '@/harness/app-server';
import { log } from './common';

export const PEER_DIR = process.env.PEER_DJANGO_DIR || '/work/shared/peer-django';
const PEER_ROOT = process.env.PEER_ROOT || '/tmp/peer';

export interface Peer {
  url: string;
  port: number;
  version: string;
  /** gunicorn master and the peer's postmaster: the roots of the trees whose CPU is counted. */
  pids: () => { gunicorn: number | null; postgres: number | null };
  stop(): Promise<void>;
}

function run(script: string, timeoutMs: number, env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'bash',
      [path.join(PEER_DIR, script)],
      { encoding: 'utf8', timeout: timeoutMs, env: { ...process.env, ...env } },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`${script} failed: ${err.message}\n${stdout}\n${stderr}`));
        else resolve(stdout);
      },
    );
  });
}

function firstInt(file: string): number | null {
  try {
    const n = Number(fs.readFileSync(file, 'utf8').split('\n')[0].trim());
    return Number.isInteger(n) && n > 0 ? n : null;
  } catch {
    return null;
  }
}

export async function startPeer(): Promise<Peer> {
  if (!fs.existsSync(path.join(PEER_DIR, 'serve.sh'))) throw new Error(`no django-tenants peer at ${PEER_DIR} (set PEER_DJANGO_DIR)`);
  const t0 = Date.now();
  // The HTTP port of our choosing (its fixed default can be taken by a neighbour's cluster); its
  // PostgreSQL port is written into its data directory at initdb, so that one stays, and a start
  // that found it taken for a moment is retried once.
  const env = { PEER_HTTP_PORT: String(await freePort()) };
  let out: string;
  try {
    out = await run('serve.sh', 300_000, env);
  } catch (err) {
    log(`peer did not start (${(err as Error).message.split('\n').slice(0, 3).join(' ')}); retrying once`);
    await run('stop_all.sh', 60_000).catch(() => '');
    await new Promise((r) => setTimeout(r, 3000));
    out = await run('serve.sh', 300_000, env);
  }
  const url = /PEER_URL=(\S+)/.exec(out)?.[1];
  if (!url) throw new Error(`serve.sh printed no PEER_URL:\n${out}`);
  const version =
    out
      .split('\n')
      .find((l) => l.startsWith('peer:'))
      ?.replace(/^peer:\s*/, '') ?? '';
  log(`peer up in ${Date.now() - t0} ms: ${version} at ${url}`);
  return {
    url,
    port: Number(new URL(url).port),
    version,
    pids: () => ({
      gunicorn: firstInt(path.join(PEER_ROOT, 'pids', 'gunicorn.pid')),
      postgres: firstInt(path.join(PEER_ROOT, 'pg', 'postmaster.pid')),
    }),
    stop: async () => {
      await run('stop_all.sh', 60_000);
    },
  };
}
