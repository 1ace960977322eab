// Personal API tokens (issue 23, part 2): made by a signed-in user on /settings/tokens, with a name
// and an optional expiry, shown once and stored as SHA-256 in api_tokens (the same table and
// lookup as the tokens POST /api/login mints, which have no name). Revoking one deletes its row and
// announces the change (NOTIFY quorum_api_auth at commit), so every process's token cache forgets
// it at once; writes look tokens up in their own transaction anyway.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { z } from 'zod';
import { UserError } from '@/lib/infra/errors';
import type { TenantDb } from '@/lib/tenancy';
import { announceApiAuthChange, hashToken } from './api-tokens';

export const MAX_PERSONAL_TOKENS = 50;

export const personalTokenInput = z.object({
  name: z.string().trim().min(1, 'Give the token a name, e.g. what will use it.').max(100, 'The name is at most 100 characters.'),
  expiresInDays: z.enum(['never', '7', '30', '90', '365'], { error: 'Choose when the token expires.' }),
});
export type PersonalTokenInput = z.infer<typeof personalTokenInput>;

export interface PersonalToken {
  id: number;
  name: string;
  created_at: Date;
  expires_at: Date | null;
  last_used_at: Date | null;
}

export async function createPersonalToken(db: TenantDb, userId: number, input: PersonalTokenInput): Promise<{ id: number; token: string }> {
  const count = await db
    .selectFrom('api_tokens')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('user_id', '=', userId)
    .where('name', 'is not', null)
    .executeTakeFirst();
  if ((count?.n ?? 0) >= MAX_PERSONAL_TOKENS) throw new UserError(`You have ${MAX_PERSONAL_TOKENS} tokens; revoke one first.`, 409);
  const token = `qrm_${randomBytes(32).toString('base64url')}`;
  const days = input.expiresInDays === 'never' ? null : Number(input.expiresInDays);
  const row = await db
    .insertInto('api_tokens')
    .values({
      user_id: userId,
      token_hash: hashToken(token),
      name: input.name,
      expires_at: days === null ? null : new Date(Date.now() + days * 86_400_000),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, token };
}

/** The user's personal tokens, newest first (expired ones too, until revoked). */
export async function listPersonalTokens(db: TenantDb, userId: number): Promise<PersonalToken[]> {
  return (await db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'created_at', 'expires_at', 'last_used_at'])
    .where('user_id', '=', userId)
    .where('name', 'is not', null)
    .orderBy('id', 'desc')
    .execute()) as PersonalToken[];
}

/** Revokes one of the user's personal tokens, at once in every process; its name, or a 404. */
export async function revokePersonalToken(db: TenantDb, userId: number, id: number): Promise<string> {
  const row = await db
    .deleteFrom('api_tokens')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('name', 'is not', null)
    .returning('name')
    .executeTakeFirst();
  if (!row) throw new UserError('That token does not exist (or was already revoked).', 404);
  await announceApiAuthChange(db);
  return row.name!;
}
