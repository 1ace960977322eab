import { sql } from 'kysely';
import { z } from 'zod';
import { UserError } from '@/lib/infra/errors';
import type { TenantDb } from '@/lib/tenancy';
import { announceApiAuthChange } from '@/lib/features/auth/api-tokens';

// A tenant admin's changes to other users: role, removal, password reset. Every change that could
// leave the organisation without an admin locks the admin rows first (FOR UPDATE), so two admins
// demoting each other at the same moment cannot both succeed.

export const userIdInput = z.coerce.number().int().positive().max(2_147_483_647);

const LAST_ADMIN = 'An organisation needs at least one admin: make someone else an admin first.';

async function lockedUser(db: TenantDb, userId: number) {
  // Lock every admin row (the guard counts them) and the target.
  const admins = await db.selectFrom('users').select('id').where('role', '=', 'admin').forUpdate().execute();
  const user = await db.selectFrom('users').select(['id', 'email', 'role']).where('id', '=', userId).forUpdate().executeTakeFirst();
  if (!user) throw new UserError('That user no longer exists.', 404);
  return { user, adminCount: admins.length };
}

/** Sets a user's role; refuses to demote the last admin. */
export async function changeRole(db: TenantDb, userId: number, role: 'admin' | 'member'): Promise<{ email: string; role: string }> {
  const { user, adminCount } = await lockedUser(db, userId);
  if (user.role === 'admin' && role !== 'admin' && adminCount <= 1) throw new UserError(LAST_ADMIN, 409);
  await db.updateTable('users').set({ role }).where('id', '=', userId).execute();
  // A cached API token of this user must not keep the old role.
  await announceApiAuthChange(db);
  return { email: user.email, role };
}

/**
 * Removes a user. Their votes stay, anonymised (votes.voted_by → NULL by the foreign key), their
 * polls stay with no author, their API tokens go. Refuses the last admin.
 */
export async function removeUser(db: TenantDb, userId: number): Promise<{ email: string }> {
  const { user, adminCount } = await lockedUser(db, userId);
  if (user.role === 'admin' && adminCount <= 1) throw new UserError(LAST_ADMIN, 409);
  await db.deleteFrom('users').where('id', '=', userId).execute();
  await announceApiAuthChange(db);
  return { email: user.email };
}

/** Sets a new password (hashed by the caller, outside the transaction) and revokes the user's API tokens. */
export async function resetPassword(db: TenantDb, userId: number, passwordHash: string): Promise<{ email: string }> {
  const user = await db
    .updateTable('users')
    .set({ password_hash: passwordHash })
    .where('id', '=', userId)
    .returning('email')
    .executeTakeFirst();
  if (!user) throw new UserError('That user no longer exists.', 404);
  await db.deleteFrom('api_tokens').where('user_id', '=', userId).execute();
  await announceApiAuthChange(db);
  return user;
}

/** Votes whose voter was removed (for tests and the users page). */
export async function anonymousVoteCount(db: TenantDb): Promise<number> {
  const r = await db
    .selectFrom('votes')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('voted_by', 'is', null)
    .executeTakeFirstOrThrow();
  return r.n;
}
