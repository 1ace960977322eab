import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
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

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('auth.twoFactor'))('title') };
}

type Search = Promise<Record<string, string | string[] | undefined>>;

/** Issue 23: a superuser's own two-factor, and the operator's "superusers must use two-factor". */
export default async function AdminTwoFactorPage({ searchParams }: { searchParams: Search }) {
  const su = await requireSuperuser(SUPERUSER_TWO_FACTOR_PATH, { twoFactorSetUp: true });
  const sp = await searchParams;
  const v = await superuserTwoFactorView(su);
  const t = await getTranslations('auth.twoFactor');
  return (
    <>
      <PageHeader title={t('title')} description={t('superuserDescription', { email: su.email })} />
      <div className="space-y-6">
        {sp.required ? (
          <Alert tone="warning" title={t('requiredTitle')}>
            {t('superuserRequired', { enabled: v.enabled ? 'yes' : 'no' })}
          </Alert>
        ) : null}
        {sp.off ? <Alert tone="success">{t('off')}</Alert> : null}
        <Card title={t('cardTitle')}>
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
        <Card title={t('everySuperuser')}>
          <TwoFactorPolicyForm label={t('superuserPolicy')} on={v.policy} action={superuserTwoFactorPolicyAction} />
        </Card>
      </div>
    </>
  );
}
