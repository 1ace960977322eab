import { tenantPageMetadata } from '@/components/tenant/page-metadata';
import { SsoSettingsForm } from '@/components/auth/SsoSettingsForm';
import { Card, PageHeader } from '@/components/ui';
import { ssoSettingsAction } from '@/lib/features/auth/actions/sso';
import { requireTenantUser } from '@/lib/features/auth/session';
import { ssoCallbackUrl, tenantSsoView } from '@/lib/features/auth/sso';
import { requestHost } from '@/lib/tenancy/request';

export const generateMetadata = tenantPageMetadata('Single sign-on');

/** Issue 23, part 3: the organisation's OpenID Connect provider, for its admins. */
export default async function SsoSettingsPage() {
  const ctx = await requireTenantUser({ admin: true, next: '/settings/sso' });
  const rh = await requestHost();
  const view = await tenantSsoView(ctx.tenant);
  return (
    <>
      <PageHeader
        title="Single sign-on"
        description={`Let the members of ${ctx.tenant.name} sign in with your identity provider (OpenID Connect).`}
      />
      <Card title="Identity provider">
        <SsoSettingsForm current={view} callbackUrl={ssoCallbackUrl(rh?.host ?? '')} action={ssoSettingsAction} />
      </Card>
    </>
  );
}
