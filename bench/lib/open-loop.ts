// A true open-loop load: requests leave at a fixed rate whatever the server does (a slow answer
// does not delay the next request, unlike a client that waits for its last one), so latency
// percentiles include the queueing a real crowd of users would meet.
import http from 'node:http';
import { summarize } from './common';

export interface OpenLoopResult {
  label: string;
  rate: number;
  durationS: number;
  sent: number;
  done: number;
  ttfbMs: ReturnType<typeof summarize>;
  totalMs: ReturnType<typeof summarize>;
  /** Every answered request's total time, ms (to pool rounds). */
  totals: number[];
  bad: number;
  statuses: Record<string, number>;
}

export async function openLoop(o: {
  label: string;
  port: number;
  host: string;
  path: string;
  rate: number;
  durationS: number;
  headers?: Record<string, string>;
  expect?: (status: number, body: string) => boolean;
}): Promise<OpenLoopResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });
  const ttfb: number[] = [];
  const total: number[] = [];
  const statuses: Record<string, number> = {};
  let bad = 0;
  let sent = 0;
  const inflight: Promise<void>[] = [];
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
            const status = res.statusCode ?? 0;
            statuses[status] = (statuses[status] ?? 0) + 1;
            if (o.expect && !o.expect(status, Buffer.concat(chunks).toString('utf8'))) bad++;
            ttfb.push(first - start);
            total.push(performance.now() - start);
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
  const gap = 1000 / o.rate;
  const t0 = performance.now();
  const n = Math.round(o.durationS * o.rate);
  for (let i = 0; i < n; i++) {
    const due = t0 + i * gap;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    sent++;
    inflight.push(one());
  }
  await Promise.all(inflight);
  agent.destroy();
  return {
    label: o.label,
    rate: o.rate,
    durationS: (performance.now() - t0) / 1000,
    sent,
    done: total.length,
    ttfbMs: summarize(ttfb),
    totalMs: summarize(total),
    totals: total,
    bad,
    statuses,
  };
}
