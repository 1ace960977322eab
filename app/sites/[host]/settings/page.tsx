import { tenantPageMetadata } from '@/components/tenant/page-metadata';
import { LogoUpload } from '@/components/tenant/LogoUpload';
import { DefaultLocaleCard } from '@/components/i18n/DefaultLocaleCard';
import { SettingsForm } from '@/components/tenant/SettingsForm';
import { Card, PageHeader } from '@/components/ui';
import { requireTenantUser } from '@/lib/features/auth/session';
import { logoVersion } from '@/lib/features/organisation/logo';

export const generateMetadata = tenantPageMetadata('Settings');

export default async function SettingsPage() {
  const ctx = await requireTenantUser({ admin: true, next: '/settings' });
  const version = await logoVersion(ctx.tenant.id);
  return (
    <>
      <PageHeader title="Settings" description={`How ${ctx.tenant.name} appears and who may read its polls.`} />
      <div className="space-y-6">
        <Card title="Organisation">
          {ctx.readOnly ? (
            <p className="text-sm text-slate-800">Settings cannot be changed while the organisation is read-only.</p>
          ) : (
            <SettingsForm name={ctx.tenant.name} publicReads={ctx.tenant.publicReads} />
          )}
        </Card>
        <Card title="Logo">
          {ctx.readOnly ? (
            <p className="text-sm text-slate-800">The logo cannot be changed while the organisation is read-only.</p>
          ) : (
            <LogoUpload current={version ? `/api/logo?v=${version}` : null} />
          )}
        </Card>
        <Card title="Webhooks">
          <p className="text-sm text-slate-800">
            Send this organisation’s events (polls created and closed, votes, new members) to other tools as signed JSON.{' '}
            <a className="underline" href="/settings/webhooks">
              Manage webhooks
            </a>
            .
          </p>
        </Card>
        <Card title="JSON API">
          <p className="text-sm text-slate-800">
            Scripts and integrations can read and write this organisation’s polls over HTTP.{' '}
            <a className="underline" href="/settings/api">
              Read the API reference
            </a>
            .
          </p>
        </Card>
        <DefaultLocaleCard current={ctx.tenant.defaultLocale} readOnly={ctx.readOnly} />
      </div>
    </>
  );
}
