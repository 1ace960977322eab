import type { Metadata } from 'next';
import { TwoFactorPanel, TwoFactorPolicyForm } from '@/components/auth/TwoFactorPanel';
import { Alert, Card, PageHeader } from '@/components/ui';
import {
  beginSuperuserTwoFactorAction,
  confirmSuperuserTwoFactorAction,
  disableSuperuserTwoFactorAction,
  regenerateSuperuserRecoveryCodesAction,
  superuserTwoFactorPolicyAction,
} from '@/lib/features/auth/actions/two-factor';
import { requireSuperuser, SUPERUSER_TWO_FACTOR_PATH } from '@/lib/features/auth/session';
import { superuserTwoFactorView } from '@/lib/features/auth/two-factor-page';

export const metadata: Metadata = { title: 'Two-factor' };

type Search = Promise<Record<string, string | string[] | undefined>>;

/** Issue 23: a superuser's own two-factor, and the operator's "superusers must use two-factor". */
export default async function AdminTwoFactorPage({ searchParams }: { searchParams: Search }) {
  const su = await requireSuperuser(SUPERUSER_TWO_FACTOR_PATH, { twoFactorSetUp: true });
  const sp = await searchParams;
  const v = await superuserTwoFactorView(su);
  return (
    <>
      <PageHeader title="Two-factor" description={`Two-factor sign-in for ${su.email}.`} />
      <div className="space-y-6">
        {sp.required ? (
          <Alert tone="warning" title="Two-factor is required">
            Superusers of this installation must sign in with two-factor.{' '}
            {v.enabled ? 'Log out and log in again with your code.' : 'Set it up to continue.'}
          </Alert>
        ) : null}
        {sp.off ? <Alert tone="success">Two-factor is off.</Alert> : null}
        <Card title="Two-factor sign-in">
          <TwoFactorPanel
            enabled={v.enabled}
            pending={v.pending}
            recoveryCodesLeft={v.recoveryCodesLeft}
            actions={{
              begin: beginSuperuserTwoFactorAction,
              confirm: confirmSuperuserTwoFactorAction,
              disable: disableSuperuserTwoFactorAction,
              regenerate: regenerateSuperuserRecoveryCodesAction,
            }}
          />
        </Card>
        <Card title="For every superuser">
          <TwoFactorPolicyForm label="Superusers must use two-factor" on={v.policy} action={superuserTwoFactorPolicyAction} />
        </Card>
      </div>
    </>
  );
}
