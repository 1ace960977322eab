import type { Metadata } from 'next';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { getTranslations } from 'next-intl/server';
import { MigrateForm, MigrateOneButton } from '@/components/admin/MigrateForm';
import { param } from '@/components/auth/safe-next';
import { Alert, Badge, Card, DataTable, PageHeader, buttonClass, type Column } from '@/components/ui';
import { tenantAdminHref } from '@/lib/platform/links';
import { migrationState, type MigrationState } from '@/lib/features/admin/tenant-status';
import { requireSuperuser } from '@/lib/features/auth/session';
import { fetchMigrationReport, fetchTenants } from '@/lib/features/admin/fetchers';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('admin.migrations'))('title') };
}

type Search = Promise<Record<string, string | string[] | undefined>>;

const PER_PAGE = 50;
const ATTENTION_LIMIT = 200;

const stateTone: Record<MigrationState | 'missing', 'success' | 'warning' | 'danger'> = {
  'up-to-date': 'success',
  behind: 'warning',
  failed: 'danger',
  missing: 'danger',
};

function StateBadge({ state }: { state: MigrationState | 'missing' }) {
  const t = useTranslations('admin.migrations.state');
  return (
    <Badge tone={stateTone[state]}>
      <span data-migration-state={state}>{t(state)}</span>
    </Badge>
  );
}

function Stat({ label, value, testId }: { label: string; value: number | string; testId: string }) {
  return (
    <div className="rounded-md border border-slate-200 bg-slate-50 px-4 py-3">
      <dt className="text-xs font-medium text-slate-700">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tabular-nums text-slate-900" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

const versionClass = 'font-mono text-xs text-slate-800';

/** A tenant's schema, linked to its page. */
const schemaColumn = (header: string): Column<{ schema: string }> => ({
  key: 'schema',
  header,
  className: 'font-mono text-xs',
  wrap: true,
  cell: (r) => (
    <Link href={tenantAdminHref(r.schema)} className="text-indigo-800 underline underline-offset-4">
      {r.schema}
    </Link>
  ),
});

function pageNumber(raw: string | undefined): number {
  const n = raw && /^\d{1,6}$/.test(raw) ? Number(raw) : 1;
  return n >= 1 ? n : 1;
}

export default async function MigrationsPage({ searchParams }: { searchParams: Search }) {
  await requireSuperuser('/admin/migrations');
  const page = pageNumber(param((await searchParams).page));
  const [report, list] = await Promise.all([
    fetchMigrationReport(),
    fetchTenants({ sort: 'schema_name', dir: 'asc', page, perPage: PER_PAGE }),
  ]);
  const attention = [
    ...report.failed.map((f) => ({ schema: f.schema, state: 'failed' as const, version: f.version, error: f.error })),
    ...report.missingSchema.map((schema) => ({ schema, state: 'missing' as const, version: null, error: null })),
    ...report.behind.map((b) => ({ schema: b.schema, state: 'behind' as const, version: b.version, error: null })),
  ];
  const pending = report.behind.length + report.failed.length + report.missingSchema.length;
  const missing = new Set(report.missingSchema);
  const pages = Math.max(1, Math.ceil(list.total / PER_PAGE));
  const t = await getTranslations('admin.migrations');
  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      <div className="space-y-6">
        <Card title={t('overview')}>
          <p className="mb-4 text-sm text-slate-800">
            {t.rich('latest', {
              version: () => <span className="font-mono [overflow-wrap:anywhere]">{report.latest ?? t('none')}</span>,
            })}
          </p>
          <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
            <Stat label={t('tenants')} value={report.total} testId="count-total" />
            <Stat label={t('upToDate')} value={report.upToDate} testId="count-up-to-date" />
            <Stat label={t('behind')} value={report.behind.length} testId="count-behind" />
            <Stat label={t('failedOrMissing')} value={report.failed.length + report.missingSchema.length} testId="count-failed" />
          </dl>
          {report.sharedPending.length > 0 ? (
            <Alert tone="warning" className="mt-4" title={t('sharedPending')}>
              {t.rich('sharedPendingBody', {
                names: () => <span className="font-mono [overflow-wrap:anywhere]">{report.sharedPending.join(', ')}</span>,
                command: () => <code className="font-mono">npm run tenants -- migrate --shared</code>,
              })}
            </Alert>
          ) : null}
        </Card>
        <Card title={t('run')}>
          <MigrateForm pending={pending} />
        </Card>
        {attention.length > 0 ? (
          <Card title={t('attention', { count: attention.length })}>
            <DataTable
              caption={t('attentionCaption')}
              label={t('attentionLabel')}
              minWidth="min-w-[36rem]"
              bodyTestId="attention"
              rows={attention.slice(0, ATTENTION_LIMIT)}
              rowKey={(a) => a.schema}
              rowProps={(a) => ({ 'data-schema': a.schema })}
              columns={[
                schemaColumn(t('schema')),
                { key: 'state', header: t('stateColumn'), cell: (a) => <StateBadge state={a.state} /> },
                { key: 'version', header: t('atVersion'), className: versionClass, cell: (a) => a.version ?? t('none') },
                { key: 'error', header: t('error'), wrap: true, className: 'text-red-800', cell: (a) => a.error ?? '' },
                {
                  key: 'action',
                  header: <span className="sr-only">{t('action')}</span>,
                  cell: (a) => (a.state === 'missing' ? null : <MigrateOneButton schema={a.schema} />),
                },
              ]}
            />
            {attention.length > ATTENTION_LIMIT ? (
              <p className="mt-2 text-sm text-slate-700">{t('showingFirst', { count: ATTENTION_LIMIT })}</p>
            ) : null}
          </Card>
        ) : null}
        <Card title={t('all')}>
          <DataTable
            caption={t('allCaption')}
            label={t('allLabel')}
            minWidth="min-w-[32rem]"
            bodyTestId="all-tenants"
            rows={list.rows.map((r) => ({ id: r.id, schema: r.schema_name, tenant: r }))}
            rowKey={(r) => String(r.id)}
            rowProps={(r) => ({ 'data-schema': r.schema })}
            columns={[
              schemaColumn(t('schema')),
              {
                key: 'state',
                header: t('stateColumn'),
                cell: (r) => <StateBadge state={missing.has(r.schema) ? 'missing' : migrationState(r.tenant, report.latest)} />,
              },
              { key: 'version', header: t('atVersion'), className: versionClass, cell: (r) => r.tenant.migration_version ?? t('none') },
            ]}
          />
          <nav aria-label={t('pagination')} className="mt-4 flex flex-wrap items-center justify-between gap-3 text-sm text-slate-800">
            <p>{t('pageOf', { page: Math.min(page, pages), pages, total: list.total })}</p>
            <div className="flex gap-2">
              {page > 1 ? (
                <Link
                  href={`/admin/migrations?page=${Math.min(page - 1, pages)}`}
                  className={buttonClass('secondary', 'px-3 py-1.5')}
                  rel="prev"
                >
                  {t('previous')}
                  <span className="sr-only">{t('pageSr')}</span>
                </Link>
              ) : null}
              {page < pages ? (
                <Link href={`/admin/migrations?page=${page + 1}`} className={buttonClass('secondary', 'px-3 py-1.5')} rel="next">
                  {t('next')}
                  <span className="sr-only">{t('pageSr')}</span>
                </Link>
              ) : null}
            </div>
          </nav>
        </Card>
      </div>
    </>
  );
}
