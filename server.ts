// The HTTP server of `npm start` / `npm run dev`, the Dockerfile and the test harness: node:http in
// front of Next's request handler. It exists because `next start` gives route handlers no socket:
// Next fills X-Forwarded-For from the socket only when the client sent none, so a client could
// name any address it liked. Here the client address is decided once per request from the socket
// peer and TRUST_PROXY (lib/infra/client-address.ts) and handed to Next in a header that always
// overwrites the client's copy.
//
//   tsx server.ts            production (NODE_ENV=production, a build in NEXT_DIST_DIR or .next)
//   tsx server.ts --dev      development (hot reload)
// PORT (default 3000) and HOSTNAME (default: every interface) as `next start` honours them.
// In production it runs QUORUM_WORKERS processes (default: one per CPU) sharing the port
// (lib/server/workers.ts). It answers the JSON API (every /api/* but next-auth's /api/auth/*) itself,
// without Next's routing (lib/api/node.ts); Next serves the same app through its catch-all routes
// (lib/api/next.ts), which is what QUORUM_DIRECT_API=0 falls back to.
// First: V8 settings that must hold before the app allocates anything (lib/entry/v8-flags.ts).
import '@/lib/entry/v8-flags';
// Before Next replaces the global Date (lib/infra/native-date.ts).
import '@/lib/infra/native-date';
import cluster from 'node:cluster';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import next from 'next';
import { CLIENT_ADDRESS_HEADER, markClientAddressHeaderTrusted, parseTrustProxy, socketClientAddress } from '@/lib/infra/client-address';
import type { DirectApiHandler } from '@/lib/api/node';
import { directApiEnabled, listenHostname, listenPort, metricsPort, settleConfig, trustProxySetting } from '@/lib/config/env';
import { observeRequest } from '@/lib/infra/metrics';
import type { RequestGate } from '@/lib/http/request-gate';
import { isClientAbort, quietClientAborts } from '@/lib/entry/client-aborts';
import { drainOnSignal, runPrimary, workerCount } from '@/lib/entry/workers';
import { startTracing, stopTracing, tracedRequests } from '@/lib/entry/tracing';

export interface QuorumServerOptions {
  dev?: boolean;
  /** The project directory (where next.config.mjs and the build live). */
  dir?: string;
  port?: number;
  /** Interface to listen on; undefined listens on every interface, IPv4 and IPv6. */
  hostname?: string;
  /** TRUST_PROXY syntax; defaults to the environment variable. */
  trustProxy?: string;
}

export interface QuorumServer {
  server: http.Server;
  /** Listens and resolves with the bound address (port 0 picks a free one). */
  listen(): Promise<AddressInfo>;
  /** Stops accepting connections, lets requests in flight finish, then resolves. */
  close(): Promise<void>;
}

export async function createQuorumServer(opts: QuorumServerOptions = {}): Promise<QuorumServer> {
  const dev = opts.dev ?? false;
  const port = opts.port ?? listenPort();
  const hostname = opts.hostname ?? listenHostname();
  // Parsed before anything listens: a malformed TRUST_PROXY stops the start with its reason.
  const trust = parseTrustProxy(opts.trustProxy ?? trustProxySetting());
  markClientAddressHeaderTrusted();
  // Traces (issue 25, part 2): on only with an OTLP endpoint; before Next prepares, so that its
  // instrumentation.ts finds this process's provider and Next's own spans join the same traces.
  const tracing = await startTracing();

  // Next's own idea of its origin stays 'localhost' (as with `next start`): an IP literal makes
  // Next treat its middleware rewrites as external.
  const app = next({ dev, dir: opts.dir ?? process.cwd(), hostname: 'localhost', port });
  await app.prepare();
  // After prepare(): wraps whatever console Next set up, so a client abort it reports is quiet.
  quietClientAborts();
  const handle = app.getRequestHandler();
  // Loaded after prepare(): the API's modules import next-auth and Next's helpers, which expect the
  // environment Next's server sets up. Production only: in dev the catch-all routes serve the same
  // app with hot reload.
  let api: DirectApiHandler | null = null;
  if (!dev && directApiEnabled()) {
    const { directApiHandler } = await import('@/lib/api/node');
    api = directApiHandler();
  }
  // Load refusals (issue 21): 429 for a tenant or client over its rate, before anything else is
  // spent on the request; 503 pages for work the fair share refused. The rate limits are for the
  // whole server: each of the QUORUM_WORKERS processes enforces its share.
  const { requestGate } = await import('./lib/http/request-gate');
  // What every request goes on to once the gate has let it in (at once, or after a wait at the door).
  const proceed = (req: http.IncomingMessage, res: http.ServerResponse, address: string | null) => {
    if (api?.(req, res, address)) return;
    gate
      .guarded(req, res, () => handle(req, res))
      .catch((err: unknown) => {
        if (isClientAbort(err)) return void res.destroy();
        console.error('request failed', err);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end('{"error":"Something went wrong on our side."}');
      });
  };
  const gate: RequestGate = requestGate(cluster.isWorker ? workerCount() : 1, proceed);
  // Usage per tenant (issue 21, part 5): counted in memory by the gate and the tenant
  // transactions, added to public.tenant_usage each minute and when the server closes.
  const { startUsageFlusher } = await import('./lib/entry/usage-flusher');
  const usage = startUsageFlusher((m) => console.error(`[quorum ${process.pid}] ${m}`));
  // The fair share's borrowing needs to know what the other workers serve (lib/entry/peer-tenants.ts).
  const stopPeers = cluster.isWorker ? (await import('./lib/entry/peer-tenants')).sharePeerTenants() : null;
  // Prometheus metrics (issue 25): counted only when QUORUM_METRICS_PORT is set; served by main()
  // on that port (by the primary for the whole cluster), never on this server's port.
  const metrics = metricsPort() !== null;
  if (metrics) {
    const m = await import('./lib/entry/metrics');
    m.registerScrapeCollectors();
    if (cluster.isWorker) m.shareMetricsWithPrimary();
  }

  const serve = (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (metrics) observeRequest(req, res);
    const address = socketClientAddress(req.socket, req.headers['x-forwarded-for'], trust);
    // Overwrite, never append: whatever the client sent under this name is gone.
    if (address) req.headers[CLIENT_ADDRESS_HEADER] = address;
    else delete req.headers[CLIENT_ADDRESS_HEADER];
    if (gate.enter(req, res, address)) return;
    proceed(req, res, address);
  };
  // Off, requests go straight to `serve`: no span, no context, nothing allocated.
  const server = http.createServer(tracing ? tracedRequests(serve) : serve);
  if (dev) {
    // Hot reload's websocket.
    const upgrade = app.getUpgradeHandler();
    server.on('upgrade', (req, socket, head) => void upgrade(req, socket, head));
  }

  return {
    server,
    listen: () =>
      new Promise<AddressInfo>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, hostname, () => {
          server.off('error', reject);
          const bound = server.address() as AddressInfo;
          // Server actions that redirect fetch the target from this origin (as `next start` sets it).
          const self = !hostname || hostname === '0.0.0.0' ? 'localhost' : hostname === '::' ? '[::1]' : hostname;
          process.env.__NEXT_PRIVATE_ORIGIN = `http://${self}:${bound.port}`;
          resolve(bound);
        });
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      })
        .then(() => stopPeers?.())
        .then(() => usage.stop())
        .then(() => app.close())
        .then(() => stopTracing()),
  };
}

/** /metrics on QUORUM_METRICS_PORT, in the process that serves it (prom-client loaded only then); null when unset. */
async function serveMetrics() {
  return metricsPort() === null ? null : (await import('./lib/entry/metrics')).startMetricsServer();
}

const say = (m: string) => console.log(`[quorum ${process.pid}] ${m}`);

async function main(): Promise<void> {
  const dev = process.argv.includes('--dev');
  const workers = dev ? 1 : workerCount();
  if (workers > 1 && cluster.isPrimary) {
    // The primary only forks, replaces and drains workers; each worker is the server below.
    say(`starting ${workers} workers (QUORUM_WORKERS)`);
    // The workers inherit it: the fair share's default per-tenant cap is shared out among them.
    process.env.QUORUM_PROCESSES = String(workers);
    runPrimary({ workers, log: say, drainMs: 8_000 });
    (await import('./lib/entry/peer-tenants')).relayPeerTenants();
    const metrics = await serveMetrics();
    if (metrics) say(`metrics for all workers on ${metrics.address.address}:${metrics.address.port}/metrics`);
    return;
  }
  const quorum = await createQuorumServer({ dev });
  const bound = await quorum.listen();
  // From here on this process reads its configuration from a copy (lib/config/env.ts).
  if (!dev) settleConfig();
  console.log(
    `Quorum ${dev ? 'development' : 'production'} server on port ${bound.port}${cluster.isWorker ? ` (worker ${process.pid})` : ''}`,
  );
  // SIGTERM/SIGINT: stop accepting, let requests in flight finish (their connections then close),
  // exit; within 8 s, inside Docker's default 10 s grace period.
  const metrics = cluster.isWorker ? null : await serveMetrics();
  if (metrics) say(`metrics on ${metrics.address.address}:${metrics.address.port}/metrics`);
  drainOnSignal(quorum.server, {
    log: say,
    drainMs: 8_000,
    cleanup: () => Promise.all([quorum.close(), metrics?.close()]).then(() => undefined),
  });
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(`Could not start: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
