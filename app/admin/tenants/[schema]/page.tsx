import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { CloneTenantForm } from '@/components/admin/CloneTenantForm';
import { DeleteTenantForm } from '@/components/admin/DeleteTenantForm';
import { DomainManager } from '@/components/admin/DomainManager';
import { EditTenantForm } from '@/components/admin/EditTenantForm';
import { MoveTenantForm } from '@/components/admin/MoveTenantForm';
import { OpenAsForm } from '@/components/admin/OpenAsForm';
import { TenantLimitsForm } from '@/components/admin/TenantLimitsForm';
import { TenantStatusBadge } from '@/components/admin/TenantStatusBadge';
import { TenantStatusForm } from '@/components/admin/TenantStatusForm';
import { param } from '@/components/auth/safe-next';
import { isoDate } from '@/components/tenant/format';
import { formatDateIn } from '@/lib/infra/format';
import { Alert, Badge, Card, Flash, ForgetQueryFlags, PageHeader } from '@/components/ui';
import { buttonClass } from '@/components/ui/button-class';
import { tenantHref } from '@/lib/platform/links';
import { rootHostname } from '@/lib/tenancy/host';
import { migrationState } from '@/lib/features/admin/tenant-status';
import { requireSuperuser } from '@/lib/features/auth/session';
import { UserError } from '@/lib/infra/errors';
import { validateSchemaName } from '@/lib/tenancy/schema-name';
import { fetchTenantPlacement, fetchTenantWithDomains } from '@/lib/features/admin/fetchers';
import { defaultStatementTimeoutMs, latestName } from '@/lib/tenancy';
import { challengeOf } from '@/lib/platform';
import { tenantMigrations } from '@/migrations/tenant';

type Params = Promise<{ schema: string }>;
type Search = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { schema } = await params;
  const t = await getTranslations('admin.tenant');
  return { title: validateSchemaName(schema).ok ? t('title', { schema }) : t('notFoundTitle') };
}

async function load(schema: string) {
  if (!validateSchemaName(schema).ok) notFound();
  try {
    const [base, placement] = await Promise.all([fetchTenantWithDomains(schema), fetchTenantPlacement(schema)]);
    return { ...base, placement };
  } catch (err) {
    if (err instanceof UserError && err.status === 404) notFound();
    throw err;
  }
}

export default async function TenantPage({ params, searchParams }: { params: Params; searchParams: Search }) {
  const { schema } = await params;
  await requireSuperuser(validateSchemaName(schema).ok ? `/admin/tenants/${schema}` : '/admin');
  const { tenant, domains, placement } = await load(schema);
  const sp = await searchParams;
  // A new tenant says how it came to be: created (form, CLI) or cloned (issue 24, item 25).
  const cloned = param(sp.cloned) === '1';
  const created = cloned || param(sp.created) === '1';
  const stopped = param(sp.stopped) === '1';
  const primary = domains.find((d) => d.is_primary)?.domain ?? null;
  const migration = migrationState(tenant, latestName(tenantMigrations));
  const t = await getTranslations('admin.tenant');
  const locale = await getLocale();
  const migratedAt = tenant.migrated_at;
  return (
    <>
      <p className="mb-2 text-sm">
        <Link
          href="/admin"
          className="text-indigo-800 underline underline-offset-4 focus-visible:outline-3 focus-visible:outline-indigo-600"
        >
          {t('back')}
        </Link>
      </p>
      <PageHeader
        title={tenant.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <span>
              {t.rich('schema', { schema: () => <span className="font-mono [overflow-wrap:anywhere]">{tenant.schema_name}</span> })}
            </span>
            <span aria-hidden="true">·</span>
            <span>
              {t.rich('created', {
                time: () => <time dateTime={isoDate(tenant.created_at)}>{formatDateIn(locale, tenant.created_at)}</time>,
              })}
            </span>
            <TenantStatusBadge tenant={tenant} />
          </span>
        }
      />
      <ForgetQueryFlags names={['created', 'cloned', 'stopped']} />
      {stopped ? (
        <Flash>
          <Alert tone="success" className="mb-6" title={t('stopped')}>
            {t('stoppedBody', { name: tenant.name })}
          </Alert>
        </Flash>
      ) : null}
      {created ? (
        <Flash>
          <Alert tone="success" className="mb-6" title={cloned ? t('cloned') : t('createdTitle')}>
            {primary
              ? t.rich('answersAt', {
                  link: () => (
                    <a href={tenantHref(primary)} className="font-mono [overflow-wrap:anywhere] underline underline-offset-4">
                      {primary}
                    </a>
                  ),
                })
              : null}
          </Alert>
        </Flash>
      ) : null}
      <div className="space-y-6">
        <Card title={t('settings')}>
          <EditTenantForm schema={tenant.schema_name} name={tenant.name} paidUntil={tenant.paid_until} onTrial={tenant.on_trial} />
        </Card>
        <Card title={t('limits')}>
          <TenantLimitsForm
            schema={tenant.schema_name}
            statementTimeoutMs={tenant.statement_timeout_ms}
            maxPolls={tenant.max_polls}
            maxUsers={tenant.max_users}
            maxConcurrency={tenant.max_concurrency}
            rateLimit={tenant.rate_limit}
            rateLimitPerAddress={tenant.rate_limit_per_address}
            defaultTimeoutMs={defaultStatementTimeoutMs()}
          />
        </Card>
        <Card title={t('domains', { count: domains.length })}>
          <DomainManager
            schema={tenant.schema_name}
            domains={domains.map((d) => ({
              domain: d.domain,
              isPrimary: d.is_primary,
              href: tenantHref(d.domain),
              record: challengeOf(d).record,
            }))}
            example={`${tenant.schema_name.replace(/_/g, '-')}-alt.${rootHostname()}`}
          />
        </Card>
        {placement ? (
          <Card title={t('placement')}>
            <p className="mb-3 text-sm text-slate-800">
              {t.rich('node', {
                node: () => (
                  <span className="font-mono" data-testid="tenant-node">
                    {placement.node ?? t('notDistributed')}
                  </span>
                ),
              })}
            </p>
            {placement.node ? <MoveTenantForm schema={tenant.schema_name} node={placement.node} workers={placement.workers} /> : null}
          </Card>
        ) : null}
        <Card title={t('access')}>
          <TenantStatusForm schema={tenant.schema_name} status={tenant.status} />
        </Card>
        {tenant.status === 'active' ? (
          <Card title={t('openAs')}>
            <OpenAsForm schema={tenant.schema_name} />
          </Card>
        ) : null}
        <Card title={t('migrations')}>
          <p className="flex flex-wrap items-center gap-2 text-sm text-slate-800">
            {migration === 'up-to-date' ? (
              <Badge tone="success">{t('upToDate')}</Badge>
            ) : migration === 'behind' ? (
              <Badge tone="warning">{t('behind')}</Badge>
            ) : (
              <Badge tone="danger">{t('failed')}</Badge>
            )}
            <span>
              {t.rich('at', {
                version: () => <span className="font-mono [overflow-wrap:anywhere]">{tenant.migration_version ?? t('none')}</span>,
              })}
              {migratedAt ? (
                <>
                  {' '}
                  {t.rich('since', {
                    time: () => <time dateTime={isoDate(migratedAt)}>{formatDateIn(locale, migratedAt)}</time>,
                  })}
                </>
              ) : null}
            </span>
            <Link href="/admin/migrations" className="text-indigo-800 underline underline-offset-4">
              {t('migrationsOverview')}
            </Link>
          </p>
          {tenant.migration_error ? <p className="mt-2 break-words text-sm text-red-800">{tenant.migration_error}</p> : null}
        </Card>
        <Card title={t('backup')}>
          <p className="mb-3 text-sm text-slate-800">
            {t.rich('backupBody', {
              command: () => <code className="font-mono">npm run tenants -- import --in FILE --schema NEW</code>,
            })}
          </p>
          {/* A plain link: a download, not a client-side navigation. */}
          <a href={`/admin/tenants/${tenant.schema_name}/export`} download className={buttonClass('secondary')}>
            {t('download')}
          </a>
        </Card>
        <Card title={t('clone')}>
          <CloneTenantForm from={tenant.schema_name} rootHost={rootHostname()} />
        </Card>
        <Card title={t('delete')} className="border-red-300">
          <DeleteTenantForm schema={tenant.schema_name} />
        </Card>
      </div>
    </>
  );
}
