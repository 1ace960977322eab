import { sql, type Kysely } from 'kysely';

export const name = '2026_11_26_001_create_login_limits';

// Fixed-window counters of the login limiter (lib/features/auth/rate-limit.ts), shared by every app
// process. Unlogged: the counters are worth no WAL, and a crash that empties them only restarts
// the windows. Keys never refer to tenant rows (public tables stay on the Citus coordinator).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create unlogged table login_limits (
    key text primary key,
    hits integer not null,
    resets_at timestamptz not null
  )`.execute(db);
  // For the periodic sweep of expired windows; counting updates leave resets_at alone, so they stay HOT.
  await sql`create index login_limits_resets_at_idx on login_limits (resets_at)`.execute(db);
}
