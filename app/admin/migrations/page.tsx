import type { Metadata } from 'next';
import Link from 'next/link';
import { MigrateForm, MigrateOneButton } from '@/components/admin/MigrateForm';
import { param } from '@/components/auth/safe-next';
import { Alert, Badge, Card, DataTable, PageHeader, buttonClass, type Column } from '@/components/ui';
import { tenantAdminHref } from '@/lib/platform/links';
import { migrationState, type MigrationState } from '@/lib/features/admin/tenant-status';
import { requireSuperuser } from '@/lib/features/auth/session';
import { fetchMigrationReport, fetchTenants } from '@/lib/features/admin/fetchers';

export const metadata: Metadata = { title: 'Migrations' };

type Search = Promise<Record<string, string | string[] | undefined>>;

const PER_PAGE = 50;
const ATTENTION_LIMIT = 200;

const stateBadge: Record<MigrationState | 'missing', { tone: 'success' | 'warning' | 'danger'; label: string }> = {
  'up-to-date': { tone: 'success', label: 'Up to date' },
  behind: { tone: 'warning', label: 'Behind' },
  failed: { tone: 'danger', label: 'Failed' },
  missing: { tone: 'danger', label: 'Schema missing' },
};

function StateBadge({ state }: { state: MigrationState | 'missing' }) {
  const b = stateBadge[state];
  return (
    <Badge tone={b.tone}>
      <span data-migration-state={state}>{b.label}</span>
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
const schemaColumn: Column<{ schema: string }> = {
  key: 'schema',
  header: 'Schema',
  className: 'font-mono text-xs',
  wrap: true,
  cell: (r) => (
    <Link href={tenantAdminHref(r.schema)} className="text-indigo-800 underline underline-offset-4">
      {r.schema}
    </Link>
  ),
};

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
  return (
    <>
      <PageHeader
        title="Migrations"
        description="Tenant schemas and the latest tenant migration; each tenant’s state is recorded in the same transaction as its migrations."
      />
      <div className="space-y-6">
        <Card title="Overview">
          <p className="mb-4 text-sm text-slate-800">
            Latest tenant migration: <span className="font-mono [overflow-wrap:anywhere]">{report.latest ?? 'none'}</span>
          </p>
          <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
            <Stat label="Tenants" value={report.total} testId="count-total" />
            <Stat label="Up to date" value={report.upToDate} testId="count-up-to-date" />
            <Stat label="Behind" value={report.behind.length} testId="count-behind" />
            <Stat label="Failed or schema missing" value={report.failed.length + report.missingSchema.length} testId="count-failed" />
          </dl>
          {report.sharedPending.length > 0 ? (
            <Alert tone="warning" className="mt-4" title="Shared (public) migrations are pending">
              <span className="font-mono [overflow-wrap:anywhere]">{report.sharedPending.join(', ')}</span> — run{' '}
              <span className="font-mono">npm run tenants -- migrate --shared</span> before deploying.
            </Alert>
          ) : null}
        </Card>
        <Card title="Run pending migrations">
          <MigrateForm pending={pending} />
        </Card>
        {attention.length > 0 ? (
          <Card title={`Needs attention (${attention.length})`}>
            <DataTable
              caption="Tenants behind, failed or without a schema"
              label="Tenants that need attention"
              minWidth="min-w-[36rem]"
              bodyTestId="attention"
              rows={attention.slice(0, ATTENTION_LIMIT)}
              rowKey={(a) => a.schema}
              rowProps={(a) => ({ 'data-schema': a.schema })}
              columns={[
                schemaColumn,
                { key: 'state', header: 'State', cell: (a) => <StateBadge state={a.state} /> },
                { key: 'version', header: 'At version', className: versionClass, cell: (a) => a.version ?? 'none' },
                { key: 'error', header: 'Error', wrap: true, className: 'text-red-800', cell: (a) => a.error ?? '' },
                {
                  key: 'action',
                  header: <span className="sr-only">Action</span>,
                  cell: (a) => (a.state === 'missing' ? null : <MigrateOneButton schema={a.schema} />),
                },
              ]}
            />
            {attention.length > ATTENTION_LIMIT ? (
              <p className="mt-2 text-sm text-slate-700">Showing the first {ATTENTION_LIMIT}.</p>
            ) : null}
          </Card>
        ) : null}
        <Card title="All tenants">
          <DataTable
            caption="Migration state per tenant, by schema name"
            label="Migration state of every tenant"
            minWidth="min-w-[32rem]"
            bodyTestId="all-tenants"
            rows={list.rows.map((t) => ({ id: t.id, schema: t.schema_name, tenant: t }))}
            rowKey={(t) => String(t.id)}
            rowProps={(t) => ({ 'data-schema': t.schema })}
            columns={[
              schemaColumn,
              {
                key: 'state',
                header: 'State',
                cell: (t) => <StateBadge state={missing.has(t.schema) ? 'missing' : migrationState(t.tenant, report.latest)} />,
              },
              { key: 'version', header: 'At version', className: versionClass, cell: (t) => t.tenant.migration_version ?? 'none' },
            ]}
          />
          <nav aria-label="Pagination" className="mt-4 flex flex-wrap items-center justify-between gap-3 text-sm text-slate-800">
            <p>
              Page {Math.min(page, pages)} of {pages} · {list.total} tenants
            </p>
            <div className="flex gap-2">
              {page > 1 ? (
                <Link
                  href={`/admin/migrations?page=${Math.min(page - 1, pages)}`}
                  className={buttonClass('secondary', 'px-3 py-1.5')}
                  rel="prev"
                >
                  Previous<span className="sr-only"> page</span>
                </Link>
              ) : null}
              {page < pages ? (
                <Link href={`/admin/migrations?page=${page + 1}`} className={buttonClass('secondary', 'px-3 py-1.5')} rel="next">
                  Next<span className="sr-only"> page</span>
                </Link>
              ) : null}
            </div>
          </nav>
        </Card>
      </div>
    </>
  );
}
