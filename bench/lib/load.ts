// Load generation: autocannon for throughput rounds, and a small keep-alive http loop for
// time-to-first-byte (autocannon's latency is the time to the END of the response).
import http from 'node:http';
import autocannon from 'autocannon';
import { summarize } from './common';

export interface CannonSummary {
  label: string;
  durationS: number;
  connections: number;
  requests: number;
  rps: number;
  latencyMs: { p50: number; p90: number; p99: number; mean: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  mismatches: number;
  statusCodes: Record<string, number>;
}

export interface CannonOptions {
  label: string;
  port: number;
  path: string;
  host: string;
  connections: number;
  durationS: number;
  headers?: Record<string, string>;
  /** Vary each request (e.g. a random tenant Host). Runs on the client for every request. */
  setupRequest?: (req: { headers: Record<string, string>; path: string }, context: Record<string, unknown>) => unknown;
  /** Check each response; returning false counts a mismatch. */
  verify?: (status: number, body: string, context: Record<string, unknown>) => boolean;
  /**
   * Fire from this many worker threads instead of this thread (no setupRequest or verify then):
   * a flood of hundreds of connections keeps the thread that fires it busy, and a measurement
   * running beside it in this thread (bench noisy's victim) would time the load generator too.
   */
  workers?: number;
}

export async function cannon(o: CannonOptions): Promise<CannonSummary> {
  let mismatches = 0;
  if (o.workers && (o.setupRequest || o.verify)) throw new Error('cannon: setupRequest and verify run in this thread only');
  const request: Record<string, unknown> = { method: 'GET', path: o.path, headers: { host: o.host, ...(o.headers ?? {}) } };
  if (o.setupRequest) request.setupRequest = o.setupRequest;
  if (o.verify) {
    const verify = o.verify;
    request.onResponse = (status: number, body: string, context: Record<string, unknown>) => {
      if (!verify(status, body, context)) mismatches++;
    };
  }
  const r = (await autocannon({
    url: `http://127.0.0.1:${o.port}`,
    connections: o.connections,
    duration: o.durationS,
    requests: [request as never],
    timeout: 30,
    ...(o.workers ? { workers: o.workers } : {}),
  })) as autocannon.Result & { statusCodeStats?: Record<string, { count: number }> };
  const statusCodes: Record<string, number> = {};
  for (const [k, v] of Object.entries(r.statusCodeStats ?? {})) statusCodes[k] = v.count ?? 0;
  const requests = r.requests.total ?? 0;
  return {
    label: o.label,
    durationS: r.duration ?? o.durationS,
    connections: o.connections,
    requests,
    rps: requests / (r.duration ?? o.durationS),
    latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, mean: r.latency.average, max: r.latency.max },
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    mismatches,
    statusCodes,
  };
}

export interface TtfbSummary {
  label: string;
  clients: number;
  durationS: number;
  requests: number;
  rps: number;
  ttfbMs: ReturnType<typeof summarize>;
  totalMs: ReturnType<typeof summarize>;
  bad: number;
  statuses: Record<string, number>;
}

/**
 * `clients` concurrent keep-alive clients, each sending its next request when the previous
 * response ended (closed loop), for `durationS` seconds; or, with `ratePerClient`, each client
 * paced at that many requests per second (open loop; a late request is sent at once).
 * TTFB = request start → response headers (the first byte of a server-rendered page).
 */
export async function ttfbLoop(o: {
  label: string;
  port: number;
  host: string;
  path: string;
  clients: number;
  durationS: number;
  headers?: Record<string, string>;
  ratePerClient?: number;
  expect?: (status: number, body: string) => boolean;
}): Promise<TtfbSummary> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.clients });
  const ttfb: number[] = [];
  const total: number[] = [];
  const statuses: Record<string, number> = {};
  let bad = 0;
  const t0 = performance.now();
  const deadline = t0 + o.durationS * 1000;
  const one = () =>
    new Promise<void>((resolve) => {
      const start = performance.now();
      const req = http.request(
        { host: '127.0.0.1', port: o.port, path: o.path, method: 'GET', agent, headers: { host: o.host, ...(o.headers ?? {}) } },
        (res) => {
          const first = performance.now();
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const end = performance.now();
            const status = res.statusCode ?? 0;
            statuses[status] = (statuses[status] ?? 0) + 1;
            if (o.expect && !o.expect(status, Buffer.concat(chunks).toString('utf8'))) bad++;
            ttfb.push(first - start);
            total.push(end - start);
            resolve();
          });
        },
      );
      req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
      req.on('error', () => {
        bad++;
        statuses.error = (statuses.error ?? 0) + 1;
        resolve();
      });
      req.end();
    });
  const client = async (k: number) => {
    if (o.ratePerClient) {
      const gap = 1000 / o.ratePerClient;
      let next = t0 + (k / o.clients) * gap; // spread the clients over one period
      while (next < deadline) {
        const wait = next - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        await one();
        next += gap;
      }
    } else {
      while (performance.now() < deadline) await one();
    }
  };
  await Promise.all(Array.from({ length: o.clients }, (_, k) => client(k)));
  const durationS = (performance.now() - t0) / 1000;
  agent.destroy();
  return {
    label: o.label,
    clients: o.clients,
    durationS,
    requests: total.length,
    rps: total.length / durationS,
    ttfbMs: summarize(ttfb),
    totalMs: summarize(total),
    bad,
    statuses,
  };
}
