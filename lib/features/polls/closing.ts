import { sql } from 'kysely';
import { z } from 'zod';
import { cancelJob, enqueueTenantJob } from '@/lib/infra/queue/queue';
import type { TenantDb } from '@/lib/tenancy';
import { emitPollClosed } from '@/lib/features/webhooks/events';

export const CLOSED_SENTENCE = 'This poll is closed: votes are no longer accepted.';

/**
 * A closing time: an ISO 8601 timestamp with a time zone (what the API takes and the form sends),
 * in the future. null clears it (the poll never closes).
 */
export const closesAtSchema = z
  .string({ error: 'closes_at must be a date and time like 2027-01-31T18:00:00Z.' })
  .trim()
  .refine(
    (s) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)),
    'closes_at must be a date and time with a time zone, like 2027-01-31T18:00:00Z.',
  )
  .transform((s) => new Date(s))
  .refine((d) => d.getTime() > Date.now(), 'The closing time must be in the future.')
  .nullable();

/**
 * The job key of a poll's closing job: one per poll (the queue prefixes the task and tenant id:
 * `close_poll:<tenant>:<poll>`), so a new time replaces the old.
 */
function closeJobKey(pollId: number): string {
  return String(pollId);
}

/**
 * Schedules (or, with null, cancels) the job that closes the poll, in the same transaction as the
 * change: a poll saved with a closing time always has its job, and a rolled-back save has none.
 */
export async function schedulePollClose(db: TenantDb, tenant: { id: number }, pollId: number, closesAt: Date | null): Promise<void> {
  const key = closeJobKey(pollId);
  if (closesAt === null) {
    await cancelJob(db, tenant, 'close_poll', key);
    return;
  }
  await enqueueTenantJob(db, tenant, 'close_poll', { pollId }, { runAt: closesAt, jobKey: key, maxAttempts: 10 });
}

/**
 * The close_poll job's work: records the closing (and its poll.closed webhook event, in the same
 * transaction); a poll whose time was moved later is left open.
 */
export async function closePoll(db: TenantDb, tenant: { id: number }, pollId: number): Promise<'closed' | 'not-due' | 'gone'> {
  const row = await db.selectFrom('polls').select(['id', 'closes_at', 'closed_at']).where('id', '=', pollId).forUpdate().executeTakeFirst();
  if (!row) return 'gone';
  if (row.closed_at) return 'closed';
  if (!row.closes_at || row.closes_at.getTime() > Date.now() + 1000) return 'not-due';
  await db
    .updateTable('polls')
    .set({ closed_at: sql`now()` })
    .where('id', '=', pollId)
    .execute();
  await emitPollClosed(db, tenant, pollId, 'schedule');
  return 'closed';
}
