// Prometheus metrics (issue 25, part 1), with prom-client: one registry per process. Requests are
// counted by kind of route (a handful of values, never the raw path) and status, with their
// latency; everything else (pools, fair share, per-tenant usage) is read when Prometheus scrapes
// (`collectAtScrape`), not counted on each request. lib/entry/metrics.ts wires the higher tiers'
// counters in and serves the registry on QUORUM_METRICS_PORT, never on the app's port.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export const metricsRegistry = new Registry();

/** Bounded route kinds: the only values of the `kind` label. */
export type RequestKind = 'api' | 'page' | 'action' | 'asset' | 'health' | 'auth';

const requestsTotal = new Counter({
  name: 'quorum_http_requests_total',
  help: 'HTTP requests answered, by route kind and status code.',
  labelNames: ['kind', 'status'] as const,
  registers: [metricsRegistry],
});

const requestDuration = new Histogram({
  name: 'quorum_http_request_duration_seconds',
  help: 'Time from a request reaching the server to the end of its response, by route kind.',
  labelNames: ['kind'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metricsRegistry],
});

/** The kind of a request, from its path and Next's server-action header. */
export function requestKind(req: IncomingMessage): RequestKind {
  const url = req.url ?? '/';
  if (url.startsWith('/api/')) {
    if (url.startsWith('/api/health')) return 'health';
    if (url.startsWith('/api/auth/')) return 'auth';
    return 'api';
  }
  if (req.headers['next-action']) return 'action';
  if (url.startsWith('/_next/') || url.startsWith('/favicon') || /\.(?:js|css|png|svg|ico|jpg|webp|woff2?|txt|map)(?:\?|$)/.test(url))
    return 'asset';
  return 'page';
}

const START = Symbol('quorumMetricsStart');
const KIND = Symbol('quorumMetricsKind');
type Timed = ServerResponse & { [START]?: number; [KIND]?: RequestKind };

// One shared listener (no closure per request): `this` is the response.
function recordFinish(this: Timed): void {
  const kind = this[KIND] ?? 'page';
  requestsTotal.inc({ kind, status: this.statusCode });
  requestDuration.observe({ kind }, (performance.now() - (this[START] ?? 0)) / 1000);
}

/** Called once per request where it enters the server: counted and timed when its response ends. */
export function observeRequest(req: IncomingMessage, res: ServerResponse): void {
  const r = res as Timed;
  r[START] = performance.now();
  r[KIND] = requestKind(req);
  res.once('finish', recordFinish);
}

/**
 * A gauge read at scrape time: `read` sets its values (e.g. `g.set({pool: 'pooled'}, n)`) and is
 * called by prom-client only when the registry is collected.
 */
export function collectAtScrape<L extends string>(
  name: string,
  help: string,
  labelNames: readonly L[],
  read: (g: Gauge<L>) => void,
): Gauge<L> {
  return new Gauge<L>({
    name,
    help,
    labelNames,
    registers: [metricsRegistry],
    collect() {
      this.reset();
      read(this);
    },
  });
}
