import type { Metadata } from 'next';
import Link from 'next/link';
import { MigrateForm, MigrateOneButton } from '@/components/admin/MigrateForm';
import { param } from '@/components/auth/safe-next';
import { Alert, Badge, Card, PageHeader, buttonClass } from '@/components/ui';
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
            Latest tenant migration: <span className="font-mono">{report.latest ?? 'none'}</span>
          </p>
          <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
            <Stat label="Tenants" value={report.total} testId="count-total" />
            <Stat label="Up to date" value={report.upToDate} testId="count-up-to-date" />
            <Stat label="Behind" value={report.behind.length} testId="count-behind" />
            <Stat label="Failed or schema missing" value={report.failed.length + report.missingSchema.length} testId="count-failed" />
          </dl>
          {report.sharedPending.length > 0 ? (
            <Alert tone="warning" className="mt-4" title="Shared (public) migrations are pending">
              <span className="font-mono">{report.sharedPending.join(', ')}</span> — run{' '}
              <span className="font-mono">npm run tenants -- migrate --shared</span> before deploying.
            </Alert>
          ) : null}
        </Card>
        <Card title="Run pending migrations">
          <MigrateForm pending={pending} />
        </Card>
        {attention.length > 0 ? (
          <Card title={`Needs attention (${attention.length})`}>
            <div
              className="relative overflow-x-auto rounded focus-visible:outline-3 focus-visible:outline-indigo-600"
              tabIndex={0}
              role="region"
              aria-label="Tenants that need attention"
            >
              <table className="w-full min-w-[36rem] text-left text-sm">
                <caption className="sr-only">Tenants behind, failed or without a schema</caption>
                <thead className="border-b border-slate-300 text-slate-700">
                  <tr>
                    <th scope="col" className="py-2 pr-4 font-semibold">
                      Schema
                    </th>
                    <th scope="col" className="py-2 pr-4 font-semibold">
                      State
                    </th>
                    <th scope="col" className="py-2 pr-4 font-semibold">
                      At version
                    </th>
                    <th scope="col" className="py-2 pr-4 font-semibold">
                      Error
                    </th>
                    <th scope="col" className="py-2 font-semibold">
                      <span className="sr-only">Action</span>
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-200" data-testid="attention">
                  {attention.slice(0, ATTENTION_LIMIT).map((a) => (
                    <tr key={a.schema} data-schema={a.schema}>
                      <td className="py-2 pr-4 font-mono text-xs">
                        <Link href={tenantAdminHref(a.schema)} className="text-indigo-800 underline underline-offset-4">
                          {a.schema}
                        </Link>
                      </td>
                      <td className="py-2 pr-4">
                        <StateBadge state={a.state} />
                      </td>
                      <td className="py-2 pr-4 font-mono text-xs text-slate-800">{a.version ?? 'none'}</td>
                      <td className="py-2 pr-4 break-words text-red-800">{a.error ?? ''}</td>
                      <td className="py-2">{a.state === 'missing' ? null : <MigrateOneButton schema={a.schema} />}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {attention.length > ATTENTION_LIMIT ? (
              <p className="mt-2 text-sm text-slate-700">Showing the first {ATTENTION_LIMIT}.</p>
            ) : null}
          </Card>
        ) : null}
        <Card title="All tenants">
          <div
            className="relative overflow-x-auto rounded focus-visible:outline-3 focus-visible:outline-indigo-600"
            tabIndex={0}
            role="region"
            aria-label="Migration state of every tenant"
          >
            <table className="w-full min-w-[32rem] text-left text-sm">
              <caption className="sr-only">Migration state per tenant, by schema name</caption>
              <thead className="border-b border-slate-300 text-slate-700">
                <tr>
                  <th scope="col" className="py-2 pr-4 font-semibold">
                    Schema
                  </th>
                  <th scope="col" className="py-2 pr-4 font-semibold">
                    State
                  </th>
                  <th scope="col" className="py-2 font-semibold">
                    At version
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200" data-testid="all-tenants">
                {list.rows.map((t) => (
                  <tr key={t.id} data-schema={t.schema_name}>
                    <td className="py-2 pr-4 font-mono text-xs">
                      <Link href={tenantAdminHref(t.schema_name)} className="text-indigo-800 underline underline-offset-4">
                        {t.schema_name}
                      </Link>
                    </td>
                    <td className="py-2 pr-4">
                      <StateBadge state={missing.has(t.schema_name) ? 'missing' : migrationState(t, report.latest)} />
                    </td>
                    <td className="py-2 font-mono text-xs text-slate-800">{t.migration_version ?? 'none'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
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
