import { createHash, randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { PublicDatabase } from '@/lib/infra/db/schema';

// Signup ends signed in on the new organisation's host (issue 24, item 14). Session cookies are
// host-only, so the root host that ran the signup cannot set one there: it stores a handoff (the
// SHA-256 of a random token, the tenant id and the new admin's id, valid for 2 minutes) and sends
// the browser to https://<new host>/welcome?token=…, which consumes it with one UPDATE (... WHERE
// used_at IS NULL AND tenant_id = the host's tenant AND not expired) and sets the session cookie.
// The token is never logged, and the URL that carries it answers with a redirect, never a page, so
// it is no page's address (and no request's Referer).

type Db = Kysely<PublicDatabase>;

/** How long a handoff link works. */
export const HANDOFF_SECONDS = 120;

const TOKEN = /^[A-Za-z0-9_-]{43}$/; // 32 random bytes, base64url

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Stores a handoff of a session for `userId` on the host of `tenantId`; returns the token (for the URL only). */
export async function createSessionHandoff(db: Db, t: { tenantId: number; userId: number }): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db
    .insertInto('public.session_handoffs')
    .values({
      token_hash: hashToken(token),
      tenant_id: t.tenantId,
      user_id: t.userId,
      expires_at: sql<Date>`now() + make_interval(secs => ${HANDOFF_SECONDS})`,
    })
    .execute();
  // Spent and expired handoffs are worthless: keep the table small.
  await db
    .deleteFrom('public.session_handoffs')
    .where('expires_at', '<', sql<Date>`now() - interval '1 hour'`)
    .execute();
  return token;
}

/** Uses a handoff on the host of `tenantId`: the user it signs in, once, within its 2 minutes, on its own tenant only; else null. */
export async function consumeSessionHandoff(db: Db, token: string, tenantId: number): Promise<{ userId: number } | null> {
  if (!TOKEN.test(token)) return null;
  const row = await db
    .updateTable('public.session_handoffs')
    .set({ used_at: sql<Date>`now()` })
    .where('token_hash', '=', hashToken(token))
    .where('tenant_id', '=', tenantId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .returning('user_id')
    .executeTakeFirst();
  return row ? { userId: row.user_id } : null;
}
