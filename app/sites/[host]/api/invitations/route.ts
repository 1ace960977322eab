import { NextResponse } from 'next/server';
import { auditTenantAdmin } from '@/lib/features/auth/tenant-audit';
import { UserError } from '@/lib/infra/errors';
import { requireApiUser } from '@/lib/http/api-auth';
import { assertWritable, readJson, tenantRoute } from '@/lib/http/tenant-route';
import { withTenant } from '@/lib/tenancy';
import { invitationInput, queueInvitation } from '@/lib/features/users/invitations';

/** A tenant admin invites someone by email: 202, the email is sent by a job (with retries). */
export const POST = tenantRoute(async (ctx) => {
  assertWritable(ctx.tenant);
  const input = await readJson(ctx.req, invitationInput.strict());
  const { inv, user } = await withTenant(ctx.tenant, async (db) => {
    const user = await requireApiUser(ctx, db);
    if (user.role !== 'admin') throw new UserError('Only an admin of this organisation can invite people.', 403);
    return { inv: await queueInvitation(db, ctx.tenant, user.id, input), user };
  });
  await auditTenantAdmin({ tenant: ctx.tenant, user }, 'user.invite', { user: inv.email, role: inv.role });
  return NextResponse.json({ id: inv.id, email: inv.email, role: inv.role, status: 'queued', expires_at: inv.expires_at }, { status: 202 });
});
