import { pooledDb } from '@/lib/infra/db/pool';
import { withTenant, type TenantRef } from '@/lib/tenancy';
import { issueToken } from '@/lib/features/auth/api-tokens';
import { authenticateTenantUser } from './authenticate';
import { loginAttempt, loginSucceeded } from './rate-limit';
import { passwordRefusedFor } from './sso';
import { adminsMustUseTwoFactor, loginSecondFactor } from './two-factor';

export type ApiLoginResult =
  | { kind: 'limited'; wait: number }
  | { kind: 'denied' }
  /** Issue 23: the account has two-factor and no code (or a wrong one) came with the password. */
  | { kind: 'code-required' }
  | { kind: 'code-wrong' }
  /** An admin of an organisation that requires two-factor, who has not set it up. */
  | { kind: 'set-up-two-factor' }
  /** A member of an organisation that requires single sign-on (issue 23, part 3). */
  | { kind: 'sso-required' }
  | { kind: 'ok'; token: string; expires_at: Date; user: { id: number; email: string; role: 'admin' | 'member' } };

export const API_CODE_REQUIRED =
  'This account uses two-factor: send the current 6-digit code (or a recovery code) as "code" with the email and password, or use a personal API token (made on /settings/tokens).';
export const API_SSO_REQUIRED =
  'This organisation signs its members in with single sign-on: use a personal API token (made on /settings/tokens after signing in).';
export const API_CODE_WRONG = 'The two-factor code is not right (or it was already used).';
export const API_SET_UP_TWO_FACTOR =
  'Admins of this organisation must use two-factor: set it up on the Security page (/settings/security), then log in with a code.';

/**
 * POST /api/login's work: the limiter (counted before the password check, and so for the code
 * too), the credential check, the second factor when the account has one, and a bearer token
 * for this tenant only. `address` is the trusted client address.
 */
export async function apiLogin(
  tenant: TenantRef & { schema: string },
  email: string,
  password: string,
  address: string | null,
  code?: string,
): Promise<ApiLoginResult> {
  const subject = { scope: tenant.schema, email, address };
  const wait = await loginAttempt(pooledDb(), subject);
  if (wait !== null) return { kind: 'limited', wait };
  const user = await authenticateTenantUser(tenant, email, password);
  if (!user) return { kind: 'denied' };
  const r = await withTenant(tenant, async (db) => {
    if (await passwordRefusedFor(db, user.role)) return { kind: 'sso-required' as const };
    const second = user.twoFactor ? await loginSecondFactor(db, { kind: 'tenant', id: user.id }, code?.trim() || undefined) : 'off';
    if (second === 'required') return { kind: 'code-required' as const };
    if (second === 'wrong') return { kind: 'code-wrong' as const };
    if (second === 'off' && user.role === 'admin' && (await adminsMustUseTwoFactor(db))) return { kind: 'set-up-two-factor' as const };
    return { kind: 'ok' as const, ...(await issueToken(db, user.id)) };
  });
  if (r.kind !== 'ok') return r;
  await loginSucceeded(pooledDb(), subject);
  return { kind: 'ok', token: r.token, expires_at: r.expires_at, user: { id: user.id, email: user.email, role: user.role } };
}
