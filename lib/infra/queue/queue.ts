import { sql, type Kysely } from 'kysely';
import { pgErrorCode } from '@/lib/infra/errors';

/** The tasks the worker knows (lib/jobs/tasks.ts maps each to its handler). */
export type TaskName = 'close_poll' | 'send_invitation' | 'send_password_reset' | 'deliver_webhook' | 'send_webhook_disabled';

export interface EnqueueOptions {
  /** Run no earlier than this (default: now). */
  runAt?: Date;
  /**
   * A key naming the job within its tenant and task (e.g. a poll id): enqueueing again with the
   * same key replaces it (new run time, payload). The queue stores it as `<task>:<tenant id>:<key>`.
   */
  jobKey?: string;
  /** Attempts before the job is given up (graphile-worker backs off exponentially between them). */
  maxAttempts?: number;
}

export const JOB_QUEUE_MISSING =
  'The job queue is not installed; run `npm run tenants -- migrate --shared` or start `npm run worker` once.';

function queueError(err: unknown): unknown {
  // 3F000: schema graphile_worker does not exist; 42883: add_job (or our wrapper) does not exist.
  const code = pgErrorCode(err);
  return code === '3F000' || code === '42883' ? new Error(JOB_QUEUE_MISSING) : err;
}

/**
 * Enqueues a job for one tenant. It is a plain function call, so it works through PgBouncer and,
 * given the tenant's transaction, commits or rolls back with the change that caused it. It goes
 * through public.quorum_add_tenant_job (migrations/public/…_tenant_job_functions.ts), not
 * graphile_worker.add_job: in two-role mode the tenant's role has no right on the queue, and the
 * wrapper accepts the call only for the tenant whose role is switched on, writes that tenant's id
 * into the payload (stable across schema renames; never a schema name: the worker looks the
 * tenant up again when the job runs) and keeps the job key inside that tenant's namespace.
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
    await sql`select public.quorum_add_tenant_job(${tenant.id}::int, ${task}::text, ${body}::json, ${opts.runAt ?? null}::timestamptz, ${opts.maxAttempts ?? null}::int, ${opts.jobKey ?? null}::text)`.execute(
      db,
    );
  } catch (err) {
    throw queueError(err);
  }
}

/** Removes a tenant's pending job by its key (see EnqueueOptions.jobKey); a job already running finishes. */
export async function cancelJob(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any>,
  tenant: { id: number },
  task: TaskName,
  jobKey: string,
): Promise<void> {
  try {
    await sql`select public.quorum_remove_tenant_job(${tenant.id}::int, ${task}::text, ${jobKey}::text)`.execute(db);
  } catch (err) {
    throw queueError(err);
  }
}
