import { tenantPageMetadata } from '@/components/tenant/page-metadata';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { Alert } from '@/components/ui';
import { hostTenant } from '@/lib/tenancy/request';

export const generateMetadata = tenantPageMetadata(async () => (await getTranslations('tenant.metadata'))('suspended'));

/** Where requireTenantUser sends every request of a suspended tenant. No login needed. */
export default async function SuspendedPage() {
  const tenant = await hostTenant();
  if (tenant.status !== 'suspended') redirect('/');
  const t = await getTranslations('tenant.suspended');
  return (
    <div className="mx-auto max-w-lg py-8">
      <h1 className="mb-4 text-2xl font-bold text-slate-900">{t('heading', { name: tenant.name })}</h1>
      <Alert tone="warning" title={t('alertTitle')}>
        {t('body')}
      </Alert>
    </div>
  );
}
