import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { TenantDb } from '@/lib/tenancy';

const TOKEN_TTL_DAYS = 30;

// Tokens are stored as SHA-256 hashes (they are 256-bit random, so a fast hash is enough);
// a token lives in one tenant's schema, so it cannot authenticate anywhere else.
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function issueToken(db: TenantDb, userId: number): Promise<{ token: string; expires_at: Date }> {
  const token = `qrm_${randomBytes(32).toString('base64url')}`;
  const expires_at = new Date(Date.now() + TOKEN_TTL_DAYS * 86_400_000);
  await db
    .insertInto('api_tokens')
    .values({ user_id: userId, token_hash: hashToken(token), expires_at })
    .execute();
  return { token, expires_at };
}

/** The user a bearer token belongs to in this tenant, or null (unknown, expired or malformed). */
export async function userForToken(db: TenantDb, token: string) {
  if (!/^qrm_[A-Za-z0-9_-]{43}$/.test(token)) return null;
  return (
    db
      .selectFrom('api_tokens as t')
      .innerJoin('users as u', 'u.id', 't.user_id')
      .select(['u.id', 'u.email', 'u.name', 'u.role'])
      .where('t.token_hash', '=', hashToken(token))
      .where('t.expires_at', '>', sql<Date>`now()`)
      .executeTakeFirst() ?? null
  );
}
