import { tenantPageMetadata } from '@/components/tenant/page-metadata';
import { CustomDomains } from '@/components/tenant/CustomDomains';
import { Card, PageHeader } from '@/components/ui';
import { requireTenantUser } from '@/lib/auth/session';
import { challengeOf } from '@/lib/tenancy/domain-verification';
import { listDomains } from '@/lib/tenancy/tenants';
import { pooledDb } from '@/lib/db/pool';

export const generateMetadata = tenantPageMetadata('Domains');

/** Tenant admins: the organisation's domains, and custom domains with their verification record. */
export default async function DomainsPage() {
  const ctx = await requireTenantUser({ admin: true, next: '/domains' });
  const domains = await listDomains(ctx.tenant.id, pooledDb());
  return (
    <>
      <PageHeader title="Domains" description={`Addresses where ${ctx.tenant.name} answers.`} />
      <Card>
        <CustomDomains domains={domains.map((d) => ({ domain: d.domain, isPrimary: d.is_primary, record: challengeOf(d).record }))} />
      </Card>
    </>
  );
}
