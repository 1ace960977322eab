import { sql } from 'kysely';
import { z } from 'zod';
import { UserError } from '@/lib/infra/errors';
import { enqueueTenantJob } from '@/lib/infra/queue/queue';
import { EMAIL_MAX_ATTEMPTS } from '@/lib/infra/queue/limits';
import type { TenantDb } from '@/lib/tenancy';
import { emailSchema, findUserByEmail, newPasswordSchema } from '@/lib/features/auth/users';
import { announceApiAuthChange } from './api-tokens';
import { emailTokenHash, newEmailToken } from './email-token';

export const RESET_MINUTES = 60;
export const INVALID_RESET = 'This password reset link is not valid: it was used already or has expired. Ask for a new one.';
/** The one answer to a reset request, whether or not the address has an account (no enumeration). */
export const RESET_REQUESTED =
  'If an account exists for that address, we have sent it a link to choose a new password. The link works for one hour.';

export const resetRequestInput = z.object({ email: emailSchema }).strict();
export const resetInput = z.object({ token: z.string({ error: 'token is required.' }), password: newPasswordSchema }).strict();

/**
 * For the send_password_reset job: a new single-use token (1 hour) for the user with this
 * address, or null when there is none (the job then sends nothing, and the requester cannot tell).
 */
export async function createPasswordReset(db: TenantDb, email: string): Promise<{ token: string; email: string } | null> {
  const user = await findUserByEmail(db, email);
  if (!user) return null;
  const { token, hash } = newEmailToken();
  await db
    .insertInto('password_resets')
    .values({ user_id: user.id, token_hash: hash, expires_at: sql<Date>`now() + make_interval(mins => ${RESET_MINUTES})` })
    .execute();
  return { token, email: user.email };
}

export async function isValidResetToken(db: TenantDb, token: unknown): Promise<boolean> {
  const hash = emailTokenHash(token);
  if (!hash) return false;
  const row = await db
    .selectFrom('password_resets')
    .select('id')
    .where('token_hash', '=', hash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
  return !!row;
}

/**
 * Sets a new password with a reset link, once: the link is spent, and so are the user's other
 * open links and API tokens (whoever had the old password loses what it gave them).
 */
export async function resetPassword(db: TenantDb, token: unknown, passwordHash: string): Promise<{ email: string }> {
  const hash = emailTokenHash(token);
  if (!hash) throw new UserError(INVALID_RESET, 400);
  const reset = await db
    .updateTable('password_resets')
    .set({ used_at: sql`now()` })
    .where('token_hash', '=', hash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .returning('user_id')
    .executeTakeFirst();
  if (!reset) throw new UserError(INVALID_RESET, 400);
  const user = await db
    .updateTable('users')
    .set({ password_hash: passwordHash })
    .where('id', '=', reset.user_id)
    .returning('email')
    .executeTakeFirstOrThrow();
  await db
    .updateTable('password_resets')
    .set({ used_at: sql`now()` })
    .where('user_id', '=', reset.user_id)
    .where('used_at', 'is', null)
    .execute();
  await db.deleteFrom('api_tokens').where('user_id', '=', reset.user_id).execute();
  await announceApiAuthChange(db);
  return user;
}

/**
 * Queues the reset email for an address; the job decides whether there is an account to write to,
 * so the request looks the same either way. Keyed per address: asking again while one is queued
 * replaces it instead of queueing a flood.
 */
export async function queuePasswordReset(db: TenantDb, tenant: { id: number }, email: string): Promise<void> {
  await enqueueTenantJob(db, tenant, 'send_password_reset', { email }, { maxAttempts: EMAIL_MAX_ATTEMPTS, jobKey: email });
}
