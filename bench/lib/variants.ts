// The ways of serving Quorum that the side-by-side benches compare (`--quorum a,b,…`):
//   next     plain `next start`, one process (how the app was served before issue 11);
//   nolean   server.ts, 1 worker, QUORUM_LEAN_API=0 (every request through Next's handler);
//   server1  server.ts, 1 worker (the lean JSON API path on);
//   server   server.ts as `npm start` runs it: QUORUM_WORKERS (--workers, default one per CPU).
import type { Cluster } from '@/harness/cluster';
import type { AppServer } from '@/harness/app-server';
import { workerCount } from '@/lib/entry/workers';
import { ensureBenchBuild } from './env';
import { log } from './common';
import { startQuorumServer } from './quorum-start';

export const VARIANTS = ['next', 'nolean', 'server1', 'server'] as const;

export async function startVariant(
  c: Cluster,
  v: string,
  o: { appPool: number; workers?: string | true; rebuild?: boolean },
): Promise<{ name: string; app: AppServer }> {
  ensureBenchBuild(!!o.rebuild);
  const env = { DB_POOL_MAX: String(o.appPool) };
  let name: string;
  let app: AppServer;
  if (v === 'next') {
    app = await startQuorumServer(c, env, 'next');
    name = 'Quorum, next start';
  } else if (v === 'nolean') {
    app = await startQuorumServer(c, { ...env, QUORUM_WORKERS: '1', QUORUM_LEAN_API: '0' });
    name = 'Quorum, server.ts, no lean path, 1 worker';
  } else if (v === 'server1' || v === 'server') {
    const workers =
      v === 'server1' ? 1 : workerCount({ ...process.env, QUORUM_WORKERS: o.workers === undefined ? undefined : String(o.workers) });
    app = await startQuorumServer(c, { ...env, QUORUM_WORKERS: String(workers) });
    name = `Quorum, server.ts, ${workers} worker${workers > 1 ? 's' : ''}`;
  } else throw new Error(`--quorum: unknown variant ${v} (${VARIANTS.join(', ')})`);
  log(`${name} on :${app.port} (pid ${app.child.pid})`);
  return { name, app };
}
