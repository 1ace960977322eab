// npm run bench -- metrics-cost [--rounds 6] [--seconds 8] [--connections 20] [--pool 4] [--workers 2] [--tenants 20] [--scrape-ms 1000] [--rebuild]
//
// Issue 25, part 1: what metrics cost (target ≤ 5 % of GET /api/polls throughput). The same
// production server twice, interleaved (bench/lib/on-off.ts): once with QUORUM_METRICS_PORT set
// (every request counted and timed; the primary aggregates its workers) and scraped every
// `--scrape-ms` by this process (Prometheus's default is 15 s: 1 s is harsher), once without.
// Prints req/s and p99, and on ÷ off.
import { freePort } from '@/harness/app-server';
import { num, parseArgs } from './lib/common';
import { request } from './lib/env';
import { onOffCost } from './lib/on-off';

export function main(argv: string[]): Promise<number> {
  const scrapeMs = num(parseArgs(argv), 'scrape-ms', 1000);
  let scrapes = 0;
  let failed = 0;
  return onOffCost(argv, {
    bench: 'metrics-cost',
    what: 'metrics',
    prefix: 'mcost',
    env: async (res) => {
      const port = await freePort();
      const timer = setInterval(() => {
        request(port, `127.0.0.1:${port}`, 'GET', '/metrics').then(
          (r) => (r.status === 200 ? scrapes++ : failed++),
          () => failed++, // before the server is up
        );
      }, scrapeMs);
      res.add('scraper', () => {
        clearInterval(timer);
        console.log(`metrics scraped ${scrapes} times every ${scrapeMs} ms (${failed} failed, the ones before the server was up)`);
      });
      return { on: { QUORUM_METRICS_PORT: String(port) }, off: {} };
    },
    spread: `requests counted, scraped every ${scrapeMs} ms`,
    oneTenant: 'requests counted; the fair share caps it alike on both sides',
  });
}
