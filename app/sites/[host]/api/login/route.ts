import { NextResponse } from 'next/server';
import { z } from 'zod';
import { authenticateTenantUser } from '@/lib/auth/authenticate';
import { issueToken } from '@/lib/auth/api-tokens';
import { loginAttempt, loginSucceeded } from '@/lib/auth/rate-limit';
import { readJson, jsonError, tenantRoute } from '@/lib/http/tenant-route';
import { pooledDb } from '@/lib/db/pool';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { requestClientAddress } from '@/lib/http/client-address';

const loginInput = z
  .object({
    email: z
      .string({ error: 'email is required.' })
      .trim()
      .toLowerCase()
      .max(254, 'email is too long.')
      // NUL cannot reach PostgreSQL text (it would be a 500); no address has control characters.
      .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'email contains control characters.'),
    password: z.string({ error: 'password is required.' }).min(1, 'password is required.').max(200, 'password is too long.'),
  })
  .strict();

export const POST = tenantRoute(async (ctx) => {
  const { email, password } = await readJson(ctx.req, loginInput);
  const subject = { scope: ctx.tenant.schema, email, address: requestClientAddress(ctx.req.headers) };
  const wait = await loginAttempt(pooledDb(), subject);
  if (wait !== null) {
    ctx.log.warn({ address: subject.address, wait }, 'api login refused: too many attempts');
    return jsonError(429, `Too many login attempts; try again in ${wait} seconds.`, { 'Retry-After': String(wait) });
  }
  const user = await authenticateTenantUser(ctx.tenant, email, password);
  if (!user) return jsonError(401, 'Wrong email or password.');
  await loginSucceeded(pooledDb(), subject);
  const { token, expires_at } = await withTenant(ctx.tenant, (db) => issueToken(db, user.id));
  ctx.log.info({ userId: user.id }, 'api login');
  return NextResponse.json({ token, expires_at, user: { id: user.id, email: user.email, role: user.role } });
});
