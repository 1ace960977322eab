import { NextResponse } from 'next/server';
import { RESET_REQUESTED, queuePasswordReset, resetRequestInput } from '@/lib/features/auth/password-reset';
import { readJson, tenantRoute } from '@/lib/http/tenant-route';
import { withTenant } from '@/lib/tenancy';

/** Asks for a reset link: always the same 202 answer, whether or not the address has an account. */
export const POST = tenantRoute(async (ctx) => {
  const { email } = await readJson(ctx.req, resetRequestInput);
  await withTenant(ctx.tenant, (db) => queuePasswordReset(db, ctx.tenant, email));
  return NextResponse.json({ message: RESET_REQUESTED }, { status: 202 });
});
