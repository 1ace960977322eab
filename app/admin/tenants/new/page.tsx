import type { Metadata } from 'next';
import { CreateTenantForm } from '@/components/admin/CreateTenantForm';
import { PageHeader } from '@/components/ui';
import { rootHostname } from '@/lib/admin/links';
import { requireSuperuser } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'New tenant' };

const TRIAL_DAYS = 14;

export default async function NewTenantPage() {
  await requireSuperuser('/admin/tenants/new');
  const trialEnd = new Date(Date.now() + TRIAL_DAYS * 86_400_000).toISOString().slice(0, 10);
  return (
    <>
      <PageHeader
        title="New tenant"
        description="Creates the tenant row, its primary domain, its schema with every table and, optionally, its first admin, in one transaction: all of it or nothing."
      />
      <CreateTenantForm rootHost={rootHostname()} defaultPaidUntil={trialEnd} />
    </>
  );
}
