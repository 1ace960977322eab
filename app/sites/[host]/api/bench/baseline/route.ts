// Benchmark-only (404 unless QUORUM_BENCH_BASELINE=1): see lib/entry/bench/baseline.ts.
import { baselinePolls } from '@/lib/entry/bench/baseline';

export const dynamic = 'force-dynamic';

export const GET = baselinePolls;
