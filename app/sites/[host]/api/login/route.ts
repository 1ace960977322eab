import { NextResponse } from 'next/server';
import { z } from 'zod';
import { apiLogin } from '@/lib/features/auth/api-login';
import { readJson, jsonError, tenantRoute } from '@/lib/http/tenant-route';
import { requestClientAddress } from '@/lib/infra/client-address';

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
  const address = requestClientAddress(ctx.req.headers);
  const r = await apiLogin(ctx.tenant, email, password, address);
  if (r.kind === 'limited') {
    ctx.log.warn({ address, wait: r.wait }, 'api login refused: too many attempts');
    return jsonError(429, `Too many login attempts; try again in ${r.wait} seconds.`, { 'Retry-After': String(r.wait) });
  }
  if (r.kind === 'denied') return jsonError(401, 'Wrong email or password.');
  ctx.log.info({ userId: r.user.id }, 'api login');
  return NextResponse.json({ token: r.token, expires_at: r.expires_at, user: r.user });
});
