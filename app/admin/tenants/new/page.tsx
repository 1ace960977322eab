import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { CreateTenantForm } from '@/components/admin/CreateTenantForm';
import { ImportTenantForm } from '@/components/admin/ImportTenantForm';
import { Card, PageHeader } from '@/components/ui';
import { trialEnd } from '@/lib/features/organisation/actions/signup-input';
import { rootHostname } from '@/lib/tenancy/host';
import { requireSuperuser } from '@/lib/features/auth/session';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('admin.newTenant'))('title') };
}

export default async function NewTenantPage() {
  await requireSuperuser('/admin/tenants/new');
  const t = await getTranslations('admin.newTenant');

  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      <CreateTenantForm rootHost={rootHostname()} defaultPaidUntil={trialEnd()} />
      <div className="mt-8">
        <Card title={t('import')}>
          <ImportTenantForm />
        </Card>
      </div>
    </>
  );
}
