import { headers } from 'next/headers';
import { recordAudit } from '@/lib/platform/audit';
import { directDb } from '@/lib/infra/db/pool';
import { requestClientAddress } from '@/lib/infra/client-address';

/**
 * Records a superuser action (after it succeeded) with the session's email and the client address.
 * The tenant's id is looked up by schema unless given (pass it when the tenant is gone by now).
 */
export async function auditSuperuser(
  su: { email: string },
  action: string,
  tenant: string | null,
  detail?: Record<string, unknown>,
  tenantId?: number | null,
) {
  const address = requestClientAddress(await headers());
  await recordAudit(directDb(), { actor: su.email, action, tenant, tenantId, detail, address });
}
