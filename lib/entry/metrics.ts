// Prometheus metrics (issue 25, part 1): the scrape-time collectors of the higher tiers (pools,
// fair share, per-tenant usage of the busiest tenants) and the /metrics server on
// QUORUM_METRICS_PORT. With several workers only the primary listens there: it asks each worker
// for its registry over the cluster IPC channel and answers the sum (prom-client's
// AggregatorRegistry.aggregate); the workers never bind the port. The app's port and tenant hosts never serve /metrics.
import cluster from 'node:cluster';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AggregatorRegistry } from 'prom-client';
import { timingSafeEqual } from 'node:crypto';
import { listenHostname, metricsPort, metricsToken } from '@/lib/config/env';
import { openPgPools } from '@/lib/infra/db/pool';
import { collectAtScrape, metricsRegistry } from '@/lib/infra/metrics';
import { currentUsage, fairShareStats, type UsageWindow } from '@/lib/tenancy';

/** Per-tenant series only for this many tenants (the busiest of the current usage window). */
export const BUSIEST_TENANTS = 20;

/** The `n` tenants with the most requests in the window (ties: by name), busiest first. */
type Counts = UsageWindow['tenants'] extends Map<string, infer C> ? C : never;

export function busiestInWindow(w: Readonly<UsageWindow>, n = BUSIEST_TENANTS): [string, Counts][] {
  const top: [string, Counts][] = [];
  for (const entry of w.tenants) {
    // Keeps `top` sorted and at most n long: O(tenants × n) at scrape time, nothing per request.
    if (top.length === n && entry[1].requests <= top[n - 1][1].requests) continue;
    let i = top.length;
    while (i > 0 && top[i - 1][1].requests < entry[1].requests) i--;
    top.splice(i, 0, entry);
    if (top.length > n) top.pop();
  }
  return top;
}

let registered = false;

/** Adds the scrape-time collectors to this process's registry (once). */
export function registerScrapeCollectors(topN = BUSIEST_TENANTS): void {
  if (registered) return;
  registered = true;
  collectAtScrape(
    'quorum_db_pool_connections',
    'Connections of the pg pools of this process, by pool and state (total, idle, waiting clients).',
    ['pool', 'state'],
    (g) => {
      for (const { name, pool } of openPgPools()) {
        g.set({ pool: name, state: 'total' }, pool.totalCount);
        g.set({ pool: name, state: 'idle' }, pool.idleCount);
        g.set({ pool: name, state: 'waiting' }, pool.waitingCount);
      }
    },
  );
  collectAtScrape(
    'quorum_fair_share_transactions',
    'Tenant transactions the fair share admitted, queued or refused (503) since the process started, by pool.',
    ['pool', 'outcome'],
    (g) => {
      for (const { name, pool } of openPgPools()) {
        if (name === 'direct') continue;
        const { stats } = fairShareStats(pool);
        g.set({ pool: name, outcome: 'admitted' }, stats.admitted);
        g.set({ pool: name, outcome: 'queued' }, stats.queued);
        g.set({ pool: name, outcome: 'refused' }, stats.refused);
      }
    },
  );
  const tenantGauge = (what: string, help: string, pick: (c: Counts) => number) =>
    collectAtScrape(
      `quorum_tenant_window_${what}`,
      `${help} in the current usage window (QUORUM_USAGE_FLUSH_MS), for the ${topN} busiest tenants only.`,
      ['tenant'],
      (g) => {
        for (const [tenant, c] of busiestInWindow(currentUsage(), topN)) g.set({ tenant }, pick(c));
      },
    );
  tenantGauge('requests', 'Requests per tenant', (c) => c.requests);
  tenantGauge('db_seconds', 'Database time of the tenant transactions, in seconds,', (c) => c.dbMs / 1000);
  tenantGauge('throttled', 'Requests refused with 429 (rate limit) per tenant', (c) => c.throttled);
  tenantGauge('refused', 'Tenant work refused with 503 (fair share, timeouts) per tenant', (c) => c.refused);
  collectAtScrape('quorum_usage_window_seconds', 'Age of the current usage window the per-tenant gauges count over.', [], (g) => {
    g.set((Date.now() - currentUsage().since) / 1000);
  });
}

const ASK = 'quorum:metrics?';
const ANSWER = 'quorum:metrics';
const READY = 'quorum:metrics-ready';
type MetricsJson = Awaited<ReturnType<typeof metricsRegistry.getMetricsAsJSON>>;
type ClusterMessage = { type?: string; id?: number; metrics?: MetricsJson; error?: string };

/**
 * In a cluster worker: answer the primary's requests for this process's registry, then say so
 * (the primary asks only the workers that said so: a worker still starting is left out of a
 * scrape instead of making it wait).
 */
export function shareMetricsWithPrimary(): void {
  process.on('message', (m: ClusterMessage) => {
    if (m?.type !== ASK) return;
    metricsRegistry.getMetricsAsJSON().then(
      (metrics) => process.send?.({ type: ANSWER, id: m.id, metrics }),
      (err: unknown) => process.send?.({ type: ANSWER, id: m.id, error: (err as Error).message }),
    );
  });
  process.send?.({ type: READY });
}

/** How long a scrape waits for a worker's answer before summing without it. */
const WORKER_ANSWER_MS = 2000;

/**
 * In the cluster primary: the sum over the workers (prom-client's aggregation: counters and
 * histograms summed). Every connected worker is asked; the scrape waits only for those that have
 * said they are ready (or answered before), and for them at most WORKER_ANSWER_MS: a worker
 * still starting, busy or gone is left out of this scrape rather than failing it.
 */
function clusterScraper(): () => Promise<string> {
  const ready = new Set<number>();
  let nextId = 0;
  const waiting = new Map<number, (worker: number, m: ClusterMessage) => void>();
  cluster.on('message', (worker, m: ClusterMessage) => {
    if (m?.type === READY) ready.add(worker.id);
    else if (m?.type === ANSWER && m.id !== undefined) {
      ready.add(worker.id);
      waiting.get(m.id)?.(worker.id, m);
    }
  });
  cluster.on('exit', (worker) => ready.delete(worker.id));
  return () => {
    const asked = Object.values(cluster.workers ?? {}).filter((w) => w?.isConnected());
    const id = nextId++;
    return new Promise<string>((resolve, reject) => {
      const answers: MetricsJson[] = [];
      const awaited = new Set(asked.map((w) => w!.id).filter((wid) => ready.has(wid)));
      const finish = () => {
        if (!waiting.delete(id)) return;
        clearTimeout(timer);
        AggregatorRegistry.aggregate(answers).metrics().then(resolve, reject);
      };
      const timer = setTimeout(finish, WORKER_ANSWER_MS);
      waiting.set(id, (worker, m) => {
        if (m.metrics) answers.push(m.metrics);
        awaited.delete(worker);
        if (awaited.size === 0) finish();
      });
      for (const w of asked) w!.send({ type: ASK, id });
      if (awaited.size === 0) setImmediate(finish); // nobody ready yet: what came back at once, if anything
    });
  };
}

function authorised(header: string | undefined, token: string | undefined): boolean {
  if (!token) return true;
  const want = Buffer.from(`Bearer ${token}`);
  const got = Buffer.from(header ?? '');
  return got.length === want.length && timingSafeEqual(got, want);
}

export interface MetricsServer {
  server: http.Server;
  address: AddressInfo;
  close(): Promise<void>;
}

/**
 * Serves GET /metrics on its own port: this process's registry, or in a cluster primary the sum
 * over the workers. Null when QUORUM_METRICS_PORT is unset.
 */
export async function startMetricsServer(
  o: { port?: number | null; hostname?: string; token?: string } = {},
): Promise<MetricsServer | null> {
  const port = o.port === undefined ? metricsPort() : o.port;
  if (port === null) return null;
  const token = o.token ?? metricsToken();
  const aggregate = cluster.isPrimary && Object.keys(cluster.workers ?? {}).length > 0 ? clusterScraper() : null;
  const contentType = metricsRegistry.contentType;
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics') return void res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, { allow: 'GET, HEAD' }).end();
    if (!authorised(req.headers.authorization, token))
      return void res.writeHead(401, { 'www-authenticate': 'Bearer', 'content-type': 'text/plain' }).end('Unauthorized\n');
    (aggregate ? aggregate() : metricsRegistry.metrics()).then(
      (body) => res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' }).end(body),
      (err: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`${(err as Error).message}\n`),
    );
  });
  const address = await new Promise<AddressInfo>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, o.hostname ?? listenHostname() ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
  return { server, address, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
