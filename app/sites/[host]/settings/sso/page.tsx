import { getTranslations } from 'next-intl/server';
import { tenantPageMetadata } from '@/components/tenant/page-metadata';
import { SsoSettingsForm } from '@/components/auth/SsoSettingsForm';
import { Card, PageHeader } from '@/components/ui';
import { ssoSettingsAction } from '@/lib/features/auth/actions/sso';
import { requireTenantUser } from '@/lib/features/auth/session';
import { ssoCallbackUrl, tenantSsoView } from '@/lib/features/auth/sso';
import { requestHost } from '@/lib/tenancy/request';

export async function generateMetadata() {
  return tenantPageMetadata((await getTranslations('auth.sso'))('title'))();
}

/** Issue 23, part 3: the organisation's OpenID Connect provider, for its admins. */
export default async function SsoSettingsPage() {
  const ctx = await requireTenantUser({ admin: true, next: '/settings/sso' });
  const rh = await requestHost();
  const view = await tenantSsoView(ctx.tenant);
  const t = await getTranslations('auth.sso');
  return (
    <>
      <PageHeader title={t('title')} description={t('description', { name: ctx.tenant.name })} />
      <Card title={t('providerTitle')}>
        <SsoSettingsForm current={view} callbackUrl={ssoCallbackUrl(rh?.host ?? '')} action={ssoSettingsAction} />
      </Card>
    </>
  );
}
