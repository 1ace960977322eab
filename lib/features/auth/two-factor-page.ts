// What the two-factor pages show (issue 23): the account's state and, while an enrolment is
// pending, its QR code. Tenant users on their host, superusers on the root host.
import { directDb } from '@/lib/infra/db/pool';
import { withTenant, type ResolvedTenant } from '@/lib/tenancy';
import { enrolmentArtwork } from './two-factor-codes';
import { adminsMustUseTwoFactor, superusersMustUseTwoFactor, twoFactorState, type Account } from './two-factor';

export interface TwoFactorView {
  enabled: boolean;
  pending: { qr: string; secret: string } | null;
  recoveryCodesLeft: number;
  /** The "must use two-factor" setting that applies on this side. */
  policy: boolean;
}

async function view(state: Awaited<ReturnType<typeof twoFactorState>>, label: string, policy: boolean): Promise<TwoFactorView> {
  const pending = state.pendingSecret ? { qr: (await enrolmentArtwork(state.pendingSecret, label)).qr, secret: state.pendingSecret } : null;
  return { enabled: state.enabled, pending, recoveryCodesLeft: state.recoveryCodesLeft, policy };
}

export async function tenantTwoFactorView(tenant: ResolvedTenant, user: { uid: number; email: string }): Promise<TwoFactorView> {
  const account: Account = { kind: 'tenant', id: user.uid };
  const [state, policy] = await withTenant(
    tenant,
    async (db) => [await twoFactorState(db, account), await adminsMustUseTwoFactor(db)] as const,
  );
  return view(state, `${user.email} (${tenant.name})`, policy);
}

export async function superuserTwoFactorView(su: { uid: number; email: string }): Promise<TwoFactorView> {
  const db = directDb();
  const state = await twoFactorState(db, { kind: 'superuser', id: su.uid });
  return view(state, `${su.email} (operator)`, await superusersMustUseTwoFactor(db));
}
