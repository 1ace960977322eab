import { getTranslations } from 'next-intl/server';
import { tenantPageMetadata } from '@/components/tenant/page-metadata';
import { TwoFactorPanel, TwoFactorPolicyForm } from '@/components/auth/TwoFactorPanel';
import { Alert, Card, PageHeader } from '@/components/ui';
import {
  beginTenantTwoFactorAction,
  confirmTenantTwoFactorAction,
  disableTenantTwoFactorAction,
  regenerateTenantRecoveryCodesAction,
  tenantTwoFactorPolicyAction,
} from '@/lib/features/auth/actions/two-factor';
import { requireTenantUser, TENANT_TWO_FACTOR_PATH } from '@/lib/features/auth/session';
import { tenantTwoFactorView } from '@/lib/features/auth/two-factor-page';

export async function generateMetadata() {
  return tenantPageMetadata((await getTranslations('auth.security'))('title'))();
}

type Search = Promise<Record<string, string | string[] | undefined>>;

/** Issue 23: every user's two-factor; for admins, "admins of this organisation must use two-factor". */
export default async function SecurityPage({ searchParams }: { searchParams: Search }) {
  const ctx = await requireTenantUser({ next: TENANT_TWO_FACTOR_PATH, twoFactorSetUp: true });
  const sp = await searchParams;
  const v = await tenantTwoFactorView(ctx.tenant, ctx.user);
  const t = await getTranslations('auth.security');
  const tf = await getTranslations('auth.twoFactor');
  return (
    <>
      <PageHeader title={t('title')} description={t('description', { email: ctx.user.email, name: ctx.tenant.name })} />
      <div className="space-y-6">
        {sp.required && !v.enabled ? (
          <Alert tone="warning" title={tf('requiredTitle')}>
            {t('adminsRequired', { name: ctx.tenant.name })}
          </Alert>
        ) : null}
        {sp.off ? <Alert tone="success">{tf('off')}</Alert> : null}
        <Card title={tf('cardTitle')}>
          {ctx.user.impersonator ? (
            <p className="text-sm text-slate-800">{t('impersonated')}</p>
          ) : (
            <TwoFactorPanel
              enabled={v.enabled}
              pending={v.pending}
              recoveryCodesLeft={v.recoveryCodesLeft}
              actions={{
                begin: beginTenantTwoFactorAction,
                confirm: confirmTenantTwoFactorAction,
                disable: disableTenantTwoFactorAction,
                regenerate: regenerateTenantRecoveryCodesAction,
              }}
            />
          )}
        </Card>
        <Card title={t('apiTokensTitle')}>
          <p className="text-sm text-slate-800">
            {t.rich('apiTokens', {
              link: (chunks) => (
                <a className="underline" href="/settings/tokens">
                  {chunks}
                </a>
              ),
            })}
          </p>
        </Card>
        {ctx.user.role === 'admin' ? (
          <Card title={t('wholeOrganisation')}>
            <TwoFactorPolicyForm label={t('adminsPolicy')} on={v.policy} action={tenantTwoFactorPolicyAction} />
            <p className="mt-4 text-sm text-slate-800">
              {t.rich('sso', {
                link: (chunks) => (
                  <a className="underline" href="/settings/sso">
                    {chunks}
                  </a>
                ),
              })}
            </p>
          </Card>
        ) : null}
      </div>
    </>
  );
}
