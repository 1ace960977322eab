import { findUserByEmail } from '@/lib/features/auth/users';
import { withTenant, type TenantRef } from '@/lib/tenancy';
import { dummyHash, verifyPassword } from '@/lib/features/auth/password';

export interface TenantUser {
  id: number;
  email: string;
  name: string;
  role: 'admin' | 'member';
  /** Two-factor is on (issue 23): the login then needs a code. */
  twoFactor: boolean;
}

/**
 * Checks a tenant user's credentials. The KDF runs after the transaction has ended, so a
 * pooled connection is never held while hashing; unknown users cost the same KDF time.
 */
export async function authenticateTenantUser(tenant: TenantRef, email: string, password: string): Promise<TenantUser | null> {
  const user = await withTenant(tenant, (db) => findUserByEmail(db, email));
  const ok = await verifyPassword(password, user?.password_hash ?? (await dummyHash()));
  if (!user || !ok) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role, twoFactor: !!user.totp_enabled_at };
}
