import type { Context } from 'hono';
import { cachedTokenUser, tokenUser, type TokenUser } from '@/lib/features/auth/api-tokens';
import { UserError } from '@/lib/infra/errors';
import { isReadOnly, type ResolvedTenant, type TenantDb } from '@/lib/tenancy';
import type { ApiEnv } from './context';

/** The bearer token of the request: null without an Authorization header, '' when it is not `Bearer <token>`. */
export function bearerToken(c: Context<ApiEnv>): string | null {
  const h = c.req.header('authorization');
  if (h === undefined) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(h.trim());
  return m ? m[1]! : '';
}

const LOG_IN_FIRST = 'Log in first: send Authorization: Bearer <token> from POST /api/login.';
const INVALID = 'The token is invalid or has expired.';

/**
 * The bearer token's user in THIS host's tenant (a token lives in one tenant's schema, and the
 * cache is keyed by the host's tenant id), or a 401. Reads (GET) may be answered from the
 * per-process cache; writes always do the one indexed lookup inside their own tenant transaction,
 * so a revocation or a role change binds every write from its commit on, without waiting for the
 * NOTIFY that clears the caches.
 */
export async function requireApiUser(c: Context<ApiEnv>, db: TenantDb): Promise<TokenUser> {
  const token = bearerToken(c);
  if (token === null) throw new UserError(LOG_IN_FIRST, 401);
  const user = await tokenUser(db, c.get('tenant').id, token, { cached: c.req.method === 'GET' });
  if (!user) throw new UserError(INVALID, 401);
  return user;
}

/** For reads: the cached user of the request's token, if the cache has it (no database work), else undefined. */
export function cachedApiUser(c: Context<ApiEnv>): TokenUser | undefined {
  const token = bearerToken(c);
  return token && c.req.method === 'GET' ? cachedTokenUser(c.get('tenant').id, token) : undefined;
}

export function assertWritable(tenant: ResolvedTenant): void {
  if (isReadOnly(tenant)) throw new UserError('This organisation’s subscription has expired; it is read-only until renewed.', 403);
}

/**
 * Anonymous reads of polls are a per-tenant choice (tenants.public_reads): when the tenant has
 * turned them off, a request without a token is a 401 that says how to get in.
 */
export function assertPublicReads(tenant: Pick<ResolvedTenant, 'publicReads'>): void {
  if (!tenant.publicReads)
    throw new UserError('This organisation’s polls are not public: log in (POST /api/login) and send the token as a Bearer header.', 401);
}
