import { tokenCacheMs } from '@/lib/config/env';
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { cacheListener } from '@/lib/infra/db/listen';
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

export interface TokenUser {
  id: number;
  email: string;
  name: string;
  role: 'admin' | 'member';
}

export function isTokenShaped(token: string): boolean {
  return /^qrm_[A-Za-z0-9_-]{43}$/.test(token);
}

/**
 * The user a bearer token belongs to in this tenant, or null (unknown, expired or malformed): one
 * indexed lookup, which also notes the token's last use (at most once a minute per token, in the
 * same statement; reads answered from the cache below do not touch it).
 */
export async function userForToken(db: TenantDb, token: string): Promise<(TokenUser & { expires_at: Date | null }) | null> {
  if (!isTokenShaped(token)) return null;
  const { rows } = await sql<TokenUser & { expires_at: Date | null }>`
    with t as (
      select t.id as token_id, u.id, u.email, u.name, u.role, t.expires_at
      from api_tokens t join users u on u.id = t.user_id
      where t.token_hash = ${hashToken(token)} and (t.expires_at is null or t.expires_at > now())
    ), touched as (
      update api_tokens set last_used_at = now()
      where id = (select token_id from t) and (last_used_at is null or last_used_at < now() - interval '1 minute')
      returning id
    )
    select id, email, name, role, expires_at from t`.execute(db);
  return rows[0] ?? null;
}

// ---------------------------------------------------------------------------------------------
// Per-process cache of token → user, so an API read with a token usually costs no lookup (writes
// always look the token up in their own transaction: one indexed lookup).
// Entries are keyed by tenant id (a deleted and re-created schema is another tenant) and the
// token's hash; they live AUTH_CACHE_MS at most and never past the token's own expiry. Anything
// that revokes a token or changes what it grants (password reset, user removal, role change)
// calls announceApiAuthChange in its transaction: PostgreSQL delivers the NOTIFY at commit to every
// process (each LISTENs on the direct connection, like the host cache), which clears its cache
// (a read may be answered from the old entry for the few milliseconds the notice takes). While
// a process is not listening (starting, connection lost) it caches nothing and looks every token up.

const AUTH_CHANNEL = 'quorum_api_auth';
const AUTH_CACHE_MS = tokenCacheMs();
const MAX_ENTRIES = 10_000;

interface Entry {
  user: TokenUser;
  until: number;
}

const g = globalThis as unknown as {
  __quorumTokenCache?: Map<string, Entry>;
};
const cache: Map<string, Entry> = (g.__quorumTokenCache ??= new Map());
let generation = 0;

export function clearTokenCache(): void {
  generation++;
  cache.clear();
}

const listener = cacheListener({
  key: '__quorumTokenListener',
  channel: AUTH_CHANNEL,
  applicationName: 'quorum-listen-auth',
  label: 'token cache listener',
  onChange: clearTokenCache,
  enabled: () => AUTH_CACHE_MS > 0,
});

/** The cached user of a token in this tenant, or undefined (not cached: look it up). */
export function cachedTokenUser(tenantId: number, token: string): TokenUser | undefined {
  listener.ensure();
  if (!listener.listening()) return undefined;
  const key = `${tenantId}:${hashToken(token)}`;
  const hit = cache.get(key);
  if (!hit) return undefined;
  if (hit.until > Date.now()) return hit.user;
  cache.delete(key);
  return undefined;
}

/**
 * The user of a token: from the cache (`cached`, for reads) or by one lookup in the caller's tenant
 * transaction, whose answer then refreshes the cache.
 */
export async function tokenUser(db: TenantDb, tenantId: number, token: string, o: { cached: boolean }): Promise<TokenUser | null> {
  const hit = o.cached ? cachedTokenUser(tenantId, token) : undefined;
  if (hit) return hit;
  listener.ensure();
  const gen = generation;
  const found = await userForToken(db, token);
  if (!found) {
    // Revoked or expired as far as the database knows: no read may use a cached entry any longer.
    if (isTokenShaped(token)) cache.delete(`${tenantId}:${hashToken(token)}`);
    return null;
  }
  const { expires_at, ...user } = found;
  // A change announced while the lookup ran may have made the answer stale: do not keep it.
  if (listener.listening() && gen === generation && AUTH_CACHE_MS > 0) {
    if (cache.size >= MAX_ENTRIES) cache.clear();
    cache.set(`${tenantId}:${hashToken(token)}`, { user, until: Math.min(Date.now() + AUTH_CACHE_MS, expires_at?.getTime() ?? Infinity) });
  }
  return user;
}

/**
 * Tells every process that tokens were revoked or a user's rights changed (delivered at commit);
 * this process forgets its cached tokens at once as well.
 */
export async function announceApiAuthChange(db: TenantDb): Promise<void> {
  clearTokenCache();
  await sql`select pg_notify(${AUTH_CHANNEL}, current_schema())`.execute(db);
}
