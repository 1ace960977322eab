// Benchmark-only endpoints (404 unless the server was started with QUORUM_BENCH_BASELINE=1); not in
// the OpenAPI document. See lib/bench/baseline.ts and lib/bench/parts.ts.
import { baselinePolls } from '@/lib/api/bench/baseline';
import { benchParts } from '@/lib/api/bench/parts';
import type { ApiApp } from '../define';

export function benchRoutes(app: ApiApp): void {
  app.get('/api/bench/baseline', () => baselinePolls());
  app.get('/api/bench/parts', (c) => benchParts(c.req.raw, c.env.host.host));
}
