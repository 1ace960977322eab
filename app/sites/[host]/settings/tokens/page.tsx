import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { tenantPageMetadata } from '@/components/tenant/page-metadata';
import { NewPersonalTokenForm, RevokeTokenButton } from '@/components/auth/PersonalTokens';
import { Card, DataTable, PageHeader } from '@/components/ui';
import { formatDateTimeUtc } from '@/lib/infra/format';
import { listPersonalTokens } from '@/lib/features/auth/personal-tokens';
import { requireTenantUser } from '@/lib/features/auth/session';
import { withTenant } from '@/lib/tenancy';

export async function generateMetadata() {
  return tenantPageMetadata((await getTranslations('auth.tokens'))('title'))();
}

/** Issue 23, part 2: every user's personal API tokens (for scripts; work with two-factor on). */
export default async function TokensPage() {
  const ctx = await requireTenantUser({ next: '/settings/tokens' });
  const tokens = await withTenant(ctx.tenant, (db) => listPersonalTokens(db, ctx.user.uid));
  const t = await getTranslations('auth.tokens');
  const locale = await getLocale();
  const format = await getFormatter();
  // English keeps the app's one date style ("31 Jan 2027, 18:00 UTC"); other languages their own.
  const when = (d: Date) =>
    locale === 'en' ? formatDateTimeUtc(d) : `${format.dateTime(d, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })} UTC`;
  return (
    <>
      <PageHeader
        title={t('title')}
        description={t('description', { name: ctx.tenant.name, email: ctx.user.email, header: 'Authorization: Bearer <token>' })}
      />
      <div className="space-y-6">
        <Card title={t('newTitle')}>
          {ctx.user.impersonator ? <p className="text-sm text-slate-800">{t('impersonated')}</p> : <NewPersonalTokenForm />}
        </Card>
        <Card title={t('yoursTitle')}>
          {tokens.length === 0 ? (
            <p className="text-sm text-slate-800">{t('none')}</p>
          ) : (
            <DataTable
              caption={t('caption')}
              label={t('yoursTitle')}
              testId="token-list"
              stack
              rows={tokens}
              rowKey={(row) => String(row.id)}
              columns={[
                { key: 'name', header: t('name'), rowHeader: true, wrap: true, cell: (row) => row.name },
                { key: 'created', header: t('created'), nowrap: true, cell: (row) => when(row.created_at) },
                {
                  key: 'expires',
                  header: t('expires'),
                  nowrap: true,
                  cell: (row) => (row.expires_at ? when(row.expires_at) : t('never')),
                },
                {
                  key: 'used',
                  header: t('lastUsed'),
                  nowrap: true,
                  cell: (row) => (row.last_used_at ? when(row.last_used_at) : t('never')),
                },
                {
                  key: 'revoke',
                  header: <span className="sr-only">{t('revoke')}</span>,
                  cell: (row) => (ctx.user.impersonator ? null : <RevokeTokenButton id={row.id} name={row.name} />),
                },
              ]}
            />
          )}
        </Card>
      </div>
    </>
  );
}
