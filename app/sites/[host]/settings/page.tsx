import { tenantPageMetadata } from '@/components/tenant/page-metadata';
import { SettingsForm } from '@/components/tenant/SettingsForm';
import { Card, PageHeader } from '@/components/ui';
import { requireTenantUser } from '@/lib/auth/session';

export const generateMetadata = tenantPageMetadata('Settings');

export default async function SettingsPage() {
  const ctx = await requireTenantUser({ admin: true, next: '/settings' });
  return (
    <>
      <PageHeader title="Settings" description={`How ${ctx.tenant.name} appears and who may read its polls.`} />
      <Card>
        {ctx.readOnly ? (
          <p className="text-sm text-slate-800">Settings cannot be changed while the organisation is read-only.</p>
        ) : (
          <SettingsForm name={ctx.tenant.name} publicReads={ctx.tenant.publicReads} />
        )}
      </Card>
    </>
  );
}
