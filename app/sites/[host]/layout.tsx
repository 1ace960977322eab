import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { ImpersonationBanner } from '@/components/tenant/ImpersonationBanner';
import { ReadOnlyNotice } from '@/components/tenant/ReadOnlyNotice';
import { TenantNav } from '@/components/tenant/TenantNav';
import { SkipLink } from '@/components/ui';
import { currentIdentity } from '@/lib/features/auth/session';
import { isReadOnly } from '@/lib/tenancy';
import { hostTenant, requestTenant } from '@/lib/tenancy/request';
import { notFoundTitle } from '@/components/tenant/page-metadata';
import { logoVersion } from '@/lib/features/organisation/logo';

// The tenant comes from the trusted host header (lib/tenancy/request.ts); the [host] segment is
// only checked against it (hostTenant(segment)), never used to choose the tenant.
export async function generateMetadata(): Promise<Metadata> {
  // No notFound() here: metadata of the 404 page for unknown hosts must still render.
  const tenant = await requestTenant();
  // Unknown host: the template (no %s) also replaces the titles of the pages below.
  if (!tenant) {
    const title = await notFoundTitle();
    return { title: { absolute: title, template: title } };
  }
  return { title: { default: tenant.name, template: `%s · ${tenant.name}` } };
}

export default async function TenantLayout({ children, params }: { children: ReactNode; params: Promise<{ host: string }> }) {
  const tenant = await hostTenant((await params).host); // unknown host → app/not-found.tsx
  const suspended = tenant.status === 'suspended';
  const id = suspended ? null : await currentIdentity();
  const user = id && id.kind === 'tenant' && id.tenant === tenant.schema ? id : null;
  const readOnly = isReadOnly(tenant);
  const logo = await logoVersion(tenant.id);
  return (
    <>
      <SkipLink />
      {user ? <ImpersonationBanner user={user} /> : null}
      <TenantNav tenantName={tenant.name} user={user} readOnly={readOnly} logoUrl={logo ? `/api/logo?v=${logo}` : null} />
      <main id="main" className="mx-auto max-w-5xl px-4 py-8">
        {user && readOnly ? <ReadOnlyNotice paidUntil={tenant.paidUntil} /> : null}
        {children}
      </main>
    </>
  );
}
