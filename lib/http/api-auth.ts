import { UserError } from '@/lib/infra/errors';
import { userForToken } from '@/lib/features/auth/api-tokens';
import type { TenantDb } from '@/lib/tenancy';
import { bearerToken, type TenantCtx } from './tenant-route';

/** The bearer token's user in this tenant (401 otherwise); runs inside the caller's tenant transaction. */
export async function requireApiUser(ctx: TenantCtx, db: TenantDb) {
  const token = bearerToken(ctx.req);
  if (token === null) throw new UserError('Log in first: send Authorization: Bearer <token> from POST /api/login.', 401);
  const user = await userForToken(db, token);
  if (!user) throw new UserError('The token is invalid or has expired.', 401);
  return user;
}
