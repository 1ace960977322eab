import { sql, type Kysely } from 'kysely';

export const name = '2026_11_27_401_create_pool_samples';

// PgBouncer's pool use, one row a minute (the worker's sample_pool cron job, issue 15 item 15),
// for the operator dashboard's last-hour chart. The minute is the key, so two workers sampling
// the same minute store one row; the job prunes rows past its retention window.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table pool_samples (
    sampled_at timestamptz primary key,
    cl_active integer not null,
    cl_waiting integer not null,
    sv_active integer not null,
    sv_idle integer not null,
    sv_used integer not null,
    maxwait_s integer not null,
    xact_per_s integer not null
  )`.execute(db);
}
