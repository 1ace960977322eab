import { sql } from 'kysely';
import { z } from 'zod';
import { emailTokenHash, newEmailToken } from '@/lib/features/auth/email-token';
import { hashPassword } from '@/lib/features/auth/password';
import { UserError } from '@/lib/infra/errors';
import type { TenantDb } from '@/lib/tenancy';
import { enqueueTenantJob } from '@/lib/infra/queue/queue';
import { EMAIL_MAX_ATTEMPTS } from '@/lib/infra/queue/limits';
import { createUser, emailSchema, findUserByEmail, newPasswordSchema, roleSchema } from '@/lib/features/auth/users';
import { emitMemberJoined } from '@/lib/features/webhooks/events';

export const INVITATION_DAYS = 7;
export const INVALID_INVITATION = 'This invitation link is not valid: it was used already, has expired or was replaced by a newer one.';

export const invitationInput = z.object({ email: emailSchema, role: roleSchema.default('member') });
export const acceptInput = z.object({
  name: z.string().trim().max(200, 'Name is at most 200 characters.').default(''),
  password: newPasswordSchema,
});

export interface InvitationRow {
  id: number;
  email: string;
  role: 'admin' | 'member';
  created_at: Date;
  expires_at: Date;
  sent_at: Date | null;
  accepted_at: Date | null;
}

/**
 * Records an invitation (7 days) for an address that is not a user yet; an earlier open
 * invitation to the same address is replaced. The caller enqueues the send_invitation job in the
 * same transaction.
 */
export async function createInvitation(db: TenantDb, invitedBy: number, raw: z.input<typeof invitationInput>): Promise<InvitationRow> {
  const input = invitationInput.parse(raw);
  if (await findUserByEmail(db, input.email)) throw new UserError(`${input.email} is already a user of this organisation.`, 409, 'email');
  await db.deleteFrom('invitations').where('email', '=', input.email).where('accepted_at', 'is', null).execute();
  return db
    .insertInto('invitations')
    .values({
      email: input.email,
      role: input.role,
      invited_by: invitedBy,
      expires_at: sql<Date>`now() + make_interval(days => ${INVITATION_DAYS})`,
    })
    .returning(['id', 'email', 'role', 'created_at', 'expires_at', 'sent_at', 'accepted_at'])
    .executeTakeFirstOrThrow();
}

/** Open invitations; `expired` is decided by the database clock (the page renders no clock of its own). */
export function listInvitations(db: TenantDb): Promise<(InvitationRow & { expired: boolean })[]> {
  return db
    .selectFrom('invitations')
    .select(['id', 'email', 'role', 'created_at', 'expires_at', 'sent_at', 'accepted_at'])
    .select(sql<boolean>`expires_at <= now()`.as('expired'))
    .where('accepted_at', 'is', null)
    .orderBy('id', 'desc')
    .limit(100)
    .execute();
}

export const INVITATION_GONE = 'That invitation was already accepted or withdrawn.';
/** An invitation's id from a form: a PostgreSQL integer, else the same sentence as a missing one. */
export const invitationIdInput = z.coerce
  .number({ error: INVITATION_GONE })
  .int(INVITATION_GONE)
  .positive(INVITATION_GONE)
  .max(2_147_483_647, INVITATION_GONE);

/**
 * Withdraws an open invitation: its link stops working at once, and a send job still queued finds
 * nothing to send (mintInvitationToken answers null). Accepted invitations are history, not revocable.
 */
export async function revokeInvitation(db: TenantDb, id: number): Promise<{ email: string }> {
  const row = await db
    .deleteFrom('invitations')
    .where('id', '=', id)
    .where('accepted_at', 'is', null)
    .returning('email')
    .executeTakeFirst();
  if (!row) throw new UserError(INVITATION_GONE, 404);
  return row;
}

/**
 * For the sending job: a fresh token for an open invitation (a retry replaces the token of an
 * attempt that may not have arrived), or null when there is nothing to send any more.
 */
export async function mintInvitationToken(db: TenantDb, id: number): Promise<{ token: string; email: string } | null> {
  const { token, hash } = newEmailToken();
  const row = await db
    .updateTable('invitations')
    .set({ token_hash: hash })
    .where('id', '=', id)
    .where('accepted_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .returning('email')
    .executeTakeFirst();
  return row ? { token, email: row.email } : null;
}

export async function markInvitationSent(db: TenantDb, id: number): Promise<void> {
  await db
    .updateTable('invitations')
    .set({ sent_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

/** The open invitation a link names, or undefined. */
export function findInvitation(db: TenantDb, token: unknown) {
  const hash = emailTokenHash(token);
  if (!hash) return Promise.resolve(undefined);
  return db
    .selectFrom('invitations')
    .select(['id', 'email', 'role'])
    .where('token_hash', '=', hash)
    .where('accepted_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
}

/**
 * Accepts an invitation once: creates the user with the invited role, spends the link and records
 * the member.joined webhook event (all in the caller's transaction).
 */
export async function acceptInvitation(
  db: TenantDb,
  tenant: { id: number },
  token: unknown,
  raw: z.input<typeof acceptInput>,
  passwordHash?: string,
) {
  const input = acceptInput.parse(raw);
  const hash = emailTokenHash(token);
  if (!hash) throw new UserError(INVALID_INVITATION, 400);
  // The row lock makes two simultaneous uses of one link create one user.
  const inv = await db
    .updateTable('invitations')
    .set({ accepted_at: sql`now()`, token_hash: null })
    .where('token_hash', '=', hash)
    .where('accepted_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .returning(['email', 'role'])
    .executeTakeFirst();
  if (!inv) throw new UserError(INVALID_INVITATION, 400);
  const user = await createUser(
    db,
    { email: inv.email, name: input.name, role: inv.role, password: input.password },
    passwordHash ?? (await hashPassword(input.password)),
  );
  await emitMemberJoined(db, tenant, user, 'invitation');
  return user;
}

/** Records the invitation and queues its email in the same transaction (both or neither). */
export async function queueInvitation(db: TenantDb, tenant: { id: number }, invitedBy: number, raw: z.input<typeof invitationInput>) {
  const inv = await createInvitation(db, invitedBy, raw);
  await enqueueTenantJob(db, tenant, 'send_invitation', { invitationId: inv.id }, { maxAttempts: EMAIL_MAX_ATTEMPTS });
  return inv;
}
