import { getTranslations } from 'next-intl/server';
import { tenantPageMetadata } from '@/components/tenant/page-metadata';
import { CustomDomains } from '@/components/tenant/CustomDomains';
import { Card, PageHeader } from '@/components/ui';
import { requireTenantUser } from '@/lib/features/auth/session';
import { fetchTenantDomains } from '@/lib/platform/domain-reads';

export const generateMetadata = tenantPageMetadata(async () => (await getTranslations('tenant.metadata'))('domains'));

/** Tenant admins: the organisation's domains, and custom domains with their verification record. */
export default async function DomainsPage() {
  const ctx = await requireTenantUser({ admin: true, next: '/domains' });
  const domains = await fetchTenantDomains(ctx.tenant.id);
  const t = await getTranslations('tenant.domains');
  return (
    <>
      <PageHeader title={t('title')} description={t('description', { name: ctx.tenant.name })} />
      <Card>
        <CustomDomains domains={domains} />
      </Card>
    </>
  );
}
