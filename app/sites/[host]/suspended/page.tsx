import { tenantPageMetadata } from '@/components/tenant/page-metadata';
import { redirect } from 'next/navigation';
import { Alert } from '@/components/ui';
import { hostTenant } from '@/lib/tenancy/request';

export const generateMetadata = tenantPageMetadata('Suspended');

/** Where requireTenantUser sends every request of a suspended tenant. No login needed. */
export default async function SuspendedPage() {
  const tenant = await hostTenant();
  if (tenant.status !== 'suspended') redirect('/');
  return (
    <div className="mx-auto max-w-lg py-8">
      <h1 className="mb-4 text-2xl font-bold text-slate-900">{tenant.name} is suspended</h1>
      <Alert tone="warning" title="This organisation is suspended">
        Its polls and accounts are kept, but nobody can log in or vote until the Quorum operators lift the suspension. If you run this
        organisation, contact Quorum support.
      </Alert>
    </div>
  );
}
