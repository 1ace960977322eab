import { sql, type Kysely } from 'kysely';
import { pgErrorCode } from '@/lib/errors';

/** The tasks the worker knows (lib/jobs/tasks.ts maps each to its handler). */
export type TaskName = 'close_poll' | 'send_invitation' | 'send_password_reset';

export interface EnqueueOptions {
  /** Run no earlier than this (default: now). */
  runAt?: Date;
  /** A key naming the job: enqueueing again with the same key replaces it (new run time, payload). */
  jobKey?: string;
  /** Attempts before the job is given up (graphile-worker backs off exponentially between them). */
  maxAttempts?: number;
}

export const JOB_QUEUE_MISSING =
  'The job queue is not installed; run `npm run tenants -- migrate --shared` or start `npm run worker` once.';

function queueError(err: unknown): unknown {
  // 3F000: schema graphile_worker does not exist; 42883: add_job does not exist.
  const code = pgErrorCode(err);
  return code === '3F000' || code === '42883' ? new Error(JOB_QUEUE_MISSING) : err;
}

/**
 * Enqueues a job for one tenant. It is a plain function call (graphile_worker.add_job), so it
 * works through PgBouncer and, given the tenant's transaction, commits or rolls back with the
 * change that caused it. The payload carries the tenant's id (stable across schema renames),
 * never a schema name: the worker looks the tenant up again when the job runs.
 */
export async function enqueueTenantJob(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any>,
  tenant: { id: number },
  task: TaskName,
  payload: Record<string, unknown>,
  opts: EnqueueOptions = {},
): Promise<void> {
  const body = JSON.stringify({ ...payload, tenantId: tenant.id });
  try {
    await sql`select graphile_worker.add_job(${task}, ${body}::json, run_at => ${opts.runAt ?? null}::timestamptz, max_attempts => ${opts.maxAttempts ?? null}::int, job_key => ${opts.jobKey ?? null}::text)`.execute(
      db,
    );
  } catch (err) {
    throw queueError(err);
  }
}

/** Removes a pending job by its key (a job already running finishes). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function cancelJob(db: Kysely<any>, jobKey: string): Promise<void> {
  try {
    await sql`select graphile_worker.remove_job(${jobKey})`.execute(db);
  } catch (err) {
    throw queueError(err);
  }
}
