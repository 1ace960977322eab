// BENCH FIXTURE, not the production start: Next's request handler behind node:http with the lean
// JSON API path (lib/http/lean-api.ts) in front and node:cluster workers (lib/server/workers.ts),
// so `npm run bench -- peer --quorum lean` can measure both before the production server file
// (issue 16) wires them into `npm start`. Env: PORT, HOSTNAME (default 127.0.0.1 here),
// NEXT_DIST_DIR, QUORUM_WORKERS, QUORUM_LEAN_API=0 to send everything to Next.
// First: puts AsyncLocalStorage on globalThis, as `next start` does, before anything loads next/server.
import 'next/dist/server/node-environment';
import cluster from 'node:cluster';
import http from 'node:http';
import path from 'node:path';
import next from 'next';
import { leanApiHandler } from '@/lib/http/lean-api';
import { closePools } from '@/lib/db/pool';
import { stopTenancyListener } from '@/lib/tenancy/resolve-host';
import { drainOnSignal, runPrimary, workerCount } from '@/lib/server/workers';

const ROOT = path.resolve(__dirname, '..', '..');
const say = (m: string) => console.log(`[quorum ${process.pid}] ${m}`);

async function worker(): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  const hostname = process.env.HOSTNAME || '127.0.0.1';
  // No hostname: Next then builds its internal URLs on 'localhost' as `next start` does; with another
  // name the middleware's rewrite to /sites/<host> came back absolute and was proxied (404).
  const app = next({ dev: false, dir: ROOT, port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const distDir = path.join(ROOT, process.env.NEXT_DIST_DIR || '.next');
  const lean = process.env.QUORUM_LEAN_API === '0' ? null : leanApiHandler(distDir);
  const server = http.createServer((req, res) => {
    if (lean?.(req, res)) return;
    void handle(req, res);
  });
  server.keepAliveTimeout = 65_000;
  drainOnSignal(server, {
    log: say,
    cleanup: async () => {
      await stopTenancyListener();
      await closePools();
    },
  });
  server.listen(port, hostname, () => say(`listening on ${hostname}:${port}${lean ? ' (lean API path on)' : ''}`));
}

if (cluster.isPrimary && workerCount() > 1) {
  runPrimary({ workers: workerCount(), log: say });
} else {
  worker().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
