import { createHash, randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { PublicDatabase } from '@/lib/infra/db/schema';

// "Open as" links (issue 12, part 3): a superuser opens a tenant as one of its users. The link
// carries a random token; only its SHA-256 is stored, with the tenant id and the user it opens,
// for 15 minutes. Consuming it is one UPDATE (... WHERE used_at IS NULL AND tenant_id = the
// host's tenant), so a link works once, and only on the host of the tenant it was made for.

type Db = Kysely<PublicDatabase>;

export const LINK_MINUTES = 15;
/** How long an impersonated session lasts at most (the session's own 8 hours would be too long). */
export const SESSION_MINUTES = 60;

const TOKEN = /^[A-Za-z0-9_-]{43}$/; // 32 random bytes, base64url

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface LinkTarget {
  tenantId: number;
  userId: number;
  superuser: { id: number; email: string };
}

/** Stores a new link's hash and returns the token (shown once, in the link). */
export async function createImpersonationToken(db: Db, t: LinkTarget): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db
    .insertInto('public.impersonation_tokens')
    .values({
      token_hash: hashToken(token),
      tenant_id: t.tenantId,
      user_id: t.userId,
      superuser_id: t.superuser.id,
      superuser_email: t.superuser.email,
      expires_at: sql<Date>`now() + make_interval(mins => ${LINK_MINUTES})`,
    })
    .execute();
  // Old links are worthless (the audit log keeps who made them): keep the table small.
  await db
    .deleteFrom('public.impersonation_tokens')
    .where('expires_at', '<', sql<Date>`now() - interval '1 day'`)
    .execute();
  return token;
}

export type Refusal = 'unknown' | 'other-tenant' | 'used' | 'expired';

export const REFUSAL_SENTENCES: Record<Refusal, string> = {
  unknown: 'This sign-in link is not valid. Open the user again from the admin area to get a new link.',
  'other-tenant': 'This sign-in link was made for another organisation and does not work on this host.',
  used: 'This sign-in link has already been used; each link works once. Open the user again from the admin area.',
  expired: `This sign-in link has expired (links work for ${LINK_MINUTES} minutes). Open the user again from the admin area.`,
};

export type Consumed =
  /** `session` names the link's row: the session it starts is on until Stop sets ended_at. */
  { ok: true; userId: number; superuserId: number; superuserEmail: string; session: string } | { ok: false; reason: Refusal };

/** Uses a link on the host of `tenantId`: succeeds once, within its 15 minutes, on its own tenant only. */
export async function consumeImpersonationToken(db: Db, token: string, tenantId: number): Promise<Consumed> {
  if (!TOKEN.test(token)) return { ok: false, reason: 'unknown' };
  const hash = hashToken(token);
  const row = await db
    .updateTable('public.impersonation_tokens')
    .set({ used_at: sql<Date>`now()` })
    .where('token_hash', '=', hash)
    .where('tenant_id', '=', tenantId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .returning(['user_id', 'superuser_id', 'superuser_email'])
    .executeTakeFirst();
  if (row) return { ok: true, userId: row.user_id, superuserId: row.superuser_id, superuserEmail: row.superuser_email, session: hash };
  // Refused: say why (the link was not changed, except by whoever used it first).
  const seen = await db
    .selectFrom('public.impersonation_tokens')
    .select(['tenant_id', 'used_at', sql<boolean>`expires_at <= now()`.as('expired')])
    .where('token_hash', '=', hash)
    .executeTakeFirst();
  if (!seen) return { ok: false, reason: 'unknown' };
  if (seen.tenant_id !== tenantId) return { ok: false, reason: 'other-tenant' };
  if (seen.used_at) return { ok: false, reason: 'used' };
  return { ok: false, reason: 'expired' };
}

/** Whether the session a link started is still on: not stopped (JWT cookies cannot be recalled otherwise). */
export async function impersonationActive(db: Db, session: string): Promise<boolean> {
  const row = await db.selectFrom('public.impersonation_tokens').select('ended_at').where('token_hash', '=', session).executeTakeFirst();
  return !!row && row.ended_at === null;
}

/** Ends the session a link started; false when it had already ended (so the end is recorded once). */
export async function endImpersonation(db: Db, session: string): Promise<boolean> {
  const row = await db
    .updateTable('public.impersonation_tokens')
    .set({ ended_at: sql<Date>`now()` })
    .where('token_hash', '=', session)
    .where('ended_at', 'is', null)
    .returning('token_hash')
    .executeTakeFirst();
  return !!row;
}
