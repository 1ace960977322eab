import { pooledDb } from '@/lib/infra/db/pool';
import { withTenant, type TenantRef } from '@/lib/tenancy';
import { issueToken } from '@/lib/features/auth/api-tokens';
import { authenticateTenantUser } from './authenticate';
import { loginAttempt, loginSucceeded } from './rate-limit';

export type ApiLoginResult =
  | { kind: 'limited'; wait: number }
  | { kind: 'denied' }
  | { kind: 'ok'; token: string; expires_at: Date; user: { id: number; email: string; role: 'admin' | 'member' } };

/**
 * POST /api/login's work: the limiter (counted before the password check), the credential
 * check and a bearer token for this tenant only. `address` is the trusted client address.
 */
export async function apiLogin(
  tenant: TenantRef & { schema: string },
  email: string,
  password: string,
  address: string | null,
): Promise<ApiLoginResult> {
  const subject = { scope: tenant.schema, email, address };
  const wait = await loginAttempt(pooledDb(), subject);
  if (wait !== null) return { kind: 'limited', wait };
  const user = await authenticateTenantUser(tenant, email, password);
  if (!user) return { kind: 'denied' };
  await loginSucceeded(pooledDb(), subject);
  const { token, expires_at } = await withTenant(tenant, (db) => issueToken(db, user.id));
  return { kind: 'ok', token, expires_at, user: { id: user.id, email: user.email, role: user.role } };
}
