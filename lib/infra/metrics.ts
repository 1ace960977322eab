// Prometheus metrics (issue 25, part 1), with prom-client: one registry per process. Requests are
// counted by kind of route (a handful of values, never the raw path) and status, with their
// latency; logins refused and job attempts are counted where they happen; everything else (pools,
// fair share, per-tenant usage) is read when Prometheus scrapes
// (`collectAtScrape`), not counted on each request. lib/entry/metrics.ts wires the higher tiers'
// counters in and serves the registry on QUORUM_METRICS_PORT, never on the app's port.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

// The registry and the counters live on globalThis: Next bundles this module more than once
// (pages, route handlers, server actions) beside server.ts's own copy, and every copy must count
// into the one registry /metrics serves.
const SHARED = Symbol.for('quorum.metrics');
type Shared = typeof globalThis & { [SHARED]?: ReturnType<typeof createMetrics> };

function createMetrics() {
  const registry = new Registry();
  const registers = [registry];
  return {
    registry,
    requestsTotal: new Counter({
      name: 'quorum_http_requests_total',
      help: 'HTTP requests answered, by route kind and status code.',
      labelNames: ['kind', 'status'] as const,
      registers,
    }),
    requestDuration: new Histogram({
      name: 'quorum_http_request_duration_seconds',
      help: 'Time from a request reaching the server to the end of its response, by route kind.',
      labelNames: ['kind'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    loginRefusals: new Counter({
      name: 'quorum_login_refusals_total',
      help: 'Logins refused, by way in (the login form, POST /api/login) and reason.',
      labelNames: ['via', 'reason'] as const,
      registers,
    }),
    jobRuns: new Counter({
      name: 'quorum_job_runs_total',
      help: 'Job attempts of this process, by task and outcome (success; error: failed, to be retried; failed: the last attempt failed).',
      labelNames: ['task', 'outcome'] as const,
      registers,
    }),
  };
}

const shared = ((globalThis as Shared)[SHARED] ??= createMetrics());
const { requestsTotal, requestDuration, loginRefusals, jobRuns } = shared;

export const metricsRegistry = shared.registry;

/** Bounded route kinds: the only values of the `kind` label. */
export type RequestKind = 'api' | 'page' | 'action' | 'asset' | 'health' | 'auth';

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

/** Why a login was refused: the only values of the `reason` label. */
export type LoginRefusal = 'credentials' | 'rate_limited' | 'two_factor' | 'set_up_two_factor' | 'sso_required' | 'suspended';

export function countLoginRefusal(via: 'form' | 'api', reason: LoginRefusal): void {
  loginRefusals.inc({ via, reason });
}

export function countJobRun(task: string, outcome: 'success' | 'error' | 'failed'): void {
  jobRuns.inc({ task, outcome });
}
