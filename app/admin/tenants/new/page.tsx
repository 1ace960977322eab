import type { Metadata } from 'next';
import { CreateTenantForm } from '@/components/admin/CreateTenantForm';
import { ImportTenantForm } from '@/components/admin/ImportTenantForm';
import { Card, PageHeader } from '@/components/ui';
import { trialEnd } from '@/lib/features/organisation/actions/signup-input';
import { rootHostname } from '@/lib/tenancy/host';
import { requireSuperuser } from '@/lib/features/auth/session';

export const metadata: Metadata = { title: 'New tenant' };

export default async function NewTenantPage() {
  await requireSuperuser('/admin/tenants/new');

  return (
    <>
      <PageHeader
        title="New tenant"
        description="Creates the tenant row, its primary domain, its schema with every table and, optionally, its first admin, in one transaction: all of it or nothing."
      />
      <CreateTenantForm rootHost={rootHostname()} defaultPaidUntil={trialEnd()} />
      <div className="mt-8">
        <Card title="Or import an export">
          <ImportTenantForm />
        </Card>
      </div>
    </>
  );
}
