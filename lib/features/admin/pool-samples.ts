// PgBouncer's pool use over time, for the dashboard's last-hour chart (issue 15, item 15). The
// worker's `sample_pool` cron job (lib/jobs/cron.ts) calls samplePool once a minute; without a
// worker nothing is recorded and the chart says so (the page never writes).
import { sql, type Kysely, type Selectable } from 'kysely';
import type { PoolSamplesTable, PublicDatabase } from '@/lib/infra/db/schema';
import { explainConsoleError, readPgbouncer, type Table } from './pool-stats';

type Db = Kysely<PublicDatabase>;

/** Samples older than this are deleted by the job that records the next one. */
export const POOL_SAMPLE_RETENTION_MS = 24 * 60 * 60 * 1000;

/** One sample's figures: the columns of public.pool_samples but its minute. */
export type PoolCounters = Omit<Selectable<PoolSamplesTable>, 'sampled_at'>;

export interface PoolSample extends PoolCounters {
  at: Date;
}

const int = (v: string | undefined) => {
  const n = Math.round(Number(v));
  return Number.isFinite(n) && n > 0 ? n : 0;
};

/** Totals over every pool of SHOW POOLS / SHOW STATS except PgBouncer's own admin database. */
export function sumPools(pools: Table, stats: Table): PoolCounters {
  const app = (t: Table) => t.rows.filter((r) => r.database !== 'pgbouncer');
  const total = (rows: Record<string, string>[], col: string) => rows.reduce((s, r) => s + int(r[col]), 0);
  const p = app(pools);
  return {
    cl_active: total(p, 'cl_active'),
    cl_waiting: total(p, 'cl_waiting'),
    sv_active: total(p, 'sv_active'),
    sv_idle: total(p, 'sv_idle'),
    sv_used: total(p, 'sv_used'),
    maxwait_s: p.reduce((m, r) => Math.max(m, int(r.maxwait)), 0),
    xact_per_s: total(app(stats), 'avg_xact_count'),
  };
}

/** Stores one sample at the start of its minute; a second one for the same minute is ignored. */
export async function recordPoolSample(db: Db, counters: PoolCounters, at = new Date()): Promise<void> {
  await db
    .insertInto('public.pool_samples')
    .values({ sampled_at: sql<Date>`date_trunc('minute', ${at.toISOString()}::timestamptz)`, ...counters })
    .onConflict((oc) => oc.column('sampled_at').doNothing())
    .execute();
}

/** Deletes samples older than the retention window; returns how many went. */
export async function prunePoolSamples(db: Db, retentionMs = POOL_SAMPLE_RETENTION_MS, now = new Date()): Promise<number> {
  const r = await db
    .deleteFrom('public.pool_samples')
    .where('sampled_at', '<', new Date(now.getTime() - retentionMs))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

export type SampleOutcome = { recorded: true; counters: PoolCounters } | { recorded: false; reason: string };

/**
 * Reads PgBouncer's console behind `pooledUrl` and stores the totals in `db` (the direct
 * connection), then prunes. Without a readable PgBouncer (DATABASE_URL straight at PostgreSQL, no
 * stats_users access) nothing is stored and the reason comes back as a sentence.
 */
export async function samplePool(db: Db, pooledUrl: string, now = new Date()): Promise<SampleOutcome> {
  // Only the console read is allowed to fail quietly; a failing write to our own table throws (the job retries).
  const report = await readPgbouncer(pooledUrl).catch((err: unknown) => explainConsoleError(err));
  let outcome: SampleOutcome;
  if (typeof report === 'string') {
    outcome = { recorded: false, reason: report };
  } else {
    const counters = sumPools(report.pools, report.stats);
    await recordPoolSample(db, counters, now);
    outcome = { recorded: true, counters };
  }
  await prunePoolSamples(db, POOL_SAMPLE_RETENTION_MS, now);
  return outcome;
}

/** The samples of the last `minutes` minutes, oldest first. */
export async function recentPoolSamples(db: Db, minutes = 60, now = new Date()): Promise<PoolSample[]> {
  const rows = await db
    .selectFrom('public.pool_samples')
    .selectAll()
    .where('sampled_at', '>', new Date(now.getTime() - minutes * 60_000))
    .where('sampled_at', '<=', now)
    .orderBy('sampled_at')
    .execute();
  return rows.map(({ sampled_at, ...c }) => ({ at: new Date(sampled_at), ...c }));
}
