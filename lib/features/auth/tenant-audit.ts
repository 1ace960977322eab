import { headers } from 'next/headers';
import { recordAudit } from '@/lib/platform/audit';
import type { SessionIdentity } from '@/lib/features/auth/next-auth';
import { directDb } from '@/lib/infra/db/pool';
import { requestClientAddress } from '@/lib/infra/client-address';

/**
 * Records a tenant admin's action (after it committed) in public.audit_log, on the direct (owner)
 * connection: the request role of two-role mode has no privilege on public.audit_log. The actor
 * is the person at the keyboard: the superuser when the session was opened with "open as".
 */
export async function auditTenantAdmin(
  ctx: { tenant: { schema: string; id: number }; user: Pick<SessionIdentity, 'email' | 'impersonator'> },
  action: string,
  detail: Record<string, unknown> = {},
) {
  const by = ctx.user.impersonator;
  await recordAudit(directDb(), {
    actor: by ? by.email : ctx.user.email,
    action,
    tenant: ctx.tenant.schema,
    tenantId: ctx.tenant.id,
    detail: by ? { ...detail, asUser: ctx.user.email } : detail,
    address: requestClientAddress(await headers()),
  });
}
