// npm run bench -- trace-cost [--rounds 6] [--seconds 8] [--connections 20] [--pool 4] [--workers 2] [--tenants 20] [--rebuild]
//
// Issue 25, part 2: what traces cost. The same production server twice, interleaved (bench/lib/on-off.ts):
// once exporting its spans over OTLP/HTTP to a sink in this process (a node:http server that reads
// each POST /v1/traces and answers 200, as a collector would; OTEL_BSP_SCHEDULE_DELAY 1000 ms), once
// without an endpoint (tracing off: no SDK loaded). GET /api/polls: one SERVER span and one
// tenantStatement span per request. Prints req/s and p99, and on ÷ off.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { onOffCost } from './lib/on-off';

export function main(argv: string[]): Promise<number> {
  let received = 0;
  return onOffCost(argv, {
    bench: 'trace-cost',
    what: 'traces',
    prefix: 'trace',
    env: async (res) => {
      const sink = http.createServer((req, r) => {
        let bytes = 0;
        req.on('data', (c: Buffer) => (bytes += c.length));
        req.on('end', () => {
          received += bytes;
          r.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        });
      });
      await new Promise<void>((ok) => sink.listen(0, '127.0.0.1', ok));
      res.add('OTLP sink', () => {
        console.log(`OTLP sink: ${received} bytes of spans received`);
        return new Promise<void>((ok) => sink.close(() => ok()));
      });
      const url = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`;
      return { on: { OTEL_EXPORTER_OTLP_ENDPOINT: url, OTEL_BSP_SCHEDULE_DELAY: '1000' }, off: {} };
    },
    spread: 'spans exported',
    oneTenant: 'spans exported; the fair share caps it alike on both sides',
  });
}
