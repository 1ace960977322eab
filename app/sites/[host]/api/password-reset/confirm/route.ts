import { NextResponse } from 'next/server';
import { hashPassword } from '@/lib/features/auth/password';
import { resetInput, resetPassword } from '@/lib/features/auth/password-reset';
import { readJson, tenantRoute } from '@/lib/http/tenant-route';
import { withTenant } from '@/lib/tenancy';

/** Sets a new password with a reset link, once; 400 for a used, expired or unknown link. */
export const POST = tenantRoute(async (ctx) => {
  const { token, password } = await readJson(ctx.req, resetInput);
  const hash = await hashPassword(password);
  await withTenant(ctx.tenant, (db) => resetPassword(db, token, hash));
  return NextResponse.json({ ok: true });
});
