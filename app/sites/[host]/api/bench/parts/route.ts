// Benchmark-only (404 unless QUORUM_BENCH_BASELINE=1): see lib/entry/bench/parts.ts.
import { benchParts } from '@/lib/entry/bench/parts';

export const dynamic = 'force-dynamic';

export const GET = benchParts;
