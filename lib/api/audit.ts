import { recordAudit } from '@/lib/platform/audit';
import type { SessionIdentity } from '@/lib/features/auth/next-auth';
import { directDb } from '@/lib/infra/db/pool';
import type { ApiContext } from './define';

/**
 * Records a tenant admin's API action (after it committed) in public.audit_log, as the server
 * actions do (lib/actions/tenant/audit.ts) but with the address the server decided for this request.
 * The actor is the person at the keyboard: the superuser when the session was opened with "open as".
 */
export async function auditApiAdmin(
  c: ApiContext,
  user: Pick<SessionIdentity, 'email' | 'impersonator'>,
  action: string,
  detail: Record<string, unknown> = {},
): Promise<void> {
  const tenant = c.get('tenant');
  const by = user.impersonator;
  await recordAudit(directDb(), {
    actor: by ? by.email : user.email,
    action,
    tenant: tenant.schema,
    tenantId: tenant.id,
    detail: by ? { ...detail, asUser: user.email } : detail,
    address: c.env.address,
  });
}
