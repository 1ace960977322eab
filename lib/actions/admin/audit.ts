import { headers } from 'next/headers';
import { recordAudit } from '@/lib/admin/audit';
import type { SessionIdentity } from '@/lib/auth/next-auth';
import { directDb } from '@/lib/db/pool';
import { requestClientAddress } from '@/lib/http/client-address';

/** Records a superuser action (after it succeeded) with the session's email and the client address. */
export async function auditSuperuser(su: SessionIdentity, action: string, tenant: string | null, detail?: Record<string, unknown>) {
  const address = requestClientAddress(await headers());
  await recordAudit(directDb(), { actor: su.email, action, tenant, detail, address });
}
