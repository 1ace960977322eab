import { getTranslations } from 'next-intl/server';
import { tenantPageMetadata } from '@/components/tenant/page-metadata';
import { LogoUpload } from '@/components/tenant/LogoUpload';
import { DefaultLocaleCard } from '@/components/i18n/DefaultLocaleCard';
import { SettingsForm } from '@/components/tenant/SettingsForm';
import { Card, PageHeader } from '@/components/ui';
import { requireTenantUser } from '@/lib/features/auth/session';
import { logoVersion } from '@/lib/features/organisation/logo';

export const generateMetadata = tenantPageMetadata(async () => (await getTranslations('settings.metadata'))('settings'));

export default async function SettingsPage() {
  const ctx = await requireTenantUser({ admin: true, next: '/settings' });
  const version = await logoVersion(ctx.tenant.id);
  const t = await getTranslations('settings.page');
  return (
    <>
      <PageHeader title={t('title')} description={t('description', { name: ctx.tenant.name })} />
      <div className="space-y-6">
        <Card title={t('organisation')}>
          {ctx.readOnly ? (
            <p className="text-sm text-slate-800">{t('organisationReadOnly')}</p>
          ) : (
            <SettingsForm name={ctx.tenant.name} publicReads={ctx.tenant.publicReads} />
          )}
        </Card>
        <Card title={t('logo')}>
          {ctx.readOnly ? (
            <p className="text-sm text-slate-800">{t('logoReadOnly')}</p>
          ) : (
            <LogoUpload current={version ? `/api/logo?v=${version}` : null} />
          )}
        </Card>
        <Card title={t('webhooks')}>
          <p className="text-sm text-slate-800">
            {t.rich('webhooksBody', {
              link: (chunks) => (
                <a className="underline" href="/settings/webhooks">
                  {chunks}
                </a>
              ),
            })}
          </p>
        </Card>
        <Card title={t('api')}>
          <p className="text-sm text-slate-800">
            {t.rich('apiBody', {
              link: (chunks) => (
                <a className="underline" href="/settings/api">
                  {chunks}
                </a>
              ),
            })}
          </p>
        </Card>
        <DefaultLocaleCard current={ctx.tenant.defaultLocale} readOnly={ctx.readOnly} />
      </div>
    </>
  );
}
