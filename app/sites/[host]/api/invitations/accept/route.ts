import { NextResponse } from 'next/server';
import { z } from 'zod';
import { hashPassword } from '@/lib/features/auth/password';
import { assertWritable, readJson, tenantRoute } from '@/lib/http/tenant-route';
import { withTenant } from '@/lib/tenancy';
import { acceptInput, acceptInvitation } from '@/lib/features/users/invitations';

const body = acceptInput.extend({ token: z.string({ error: 'token is required.' }) }).strict();

/** Accepts an invitation link once: creates the user; 400 for a used, expired or unknown link. */
export const POST = tenantRoute(async (ctx) => {
  assertWritable(ctx.tenant);
  const { token, ...input } = await readJson(ctx.req, body);
  const hash = await hashPassword(input.password);
  const user = await withTenant(ctx.tenant, (db) => acceptInvitation(db, token, input, hash));
  return NextResponse.json({ email: user.email, role: user.role }, { status: 201 });
});
