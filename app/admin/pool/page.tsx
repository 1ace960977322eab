import type { Metadata } from 'next';
import { CitusPanels } from '@/components/admin/CitusPanels';
import { Alert, Badge, Card, DataTable, PageHeader, type Column } from '@/components/ui';
import { poolReport, type Table } from '@/lib/features/admin/pool-stats';
import { requireSuperuser } from '@/lib/features/auth/session';
import { fetchCitusOverview } from '@/lib/features/admin/fetchers';
import { roleModeSummary } from '@/lib/tenancy';

export const metadata: Metadata = { title: 'Connection pool' };

const LABELS: Record<string, string> = {
  database: 'Database',
  user: 'User',
  cl_active: 'Clients active',
  cl_waiting: 'Clients waiting',
  sv_active: 'Servers active',
  sv_idle: 'Servers idle',
  sv_used: 'Servers used',
  sv_login: 'Servers logging in',
  maxwait: 'Max wait (s)',
  pool_mode: 'Mode',
  total_xact_count: 'Transactions',
  total_query_count: 'Queries',
  total_wait_time: 'Total wait (µs)',
  avg_xact_count: 'Transactions/s',
  avg_xact_time: 'Avg transaction (µs)',
  avg_query_time: 'Avg query (µs)',
  avg_wait_time: 'Avg wait (µs)',
  state: 'State',
  application: 'Application',
  count: 'Connections',
};

const TEXT_COLUMNS = new Set(['database', 'user', 'pool_mode', 'state', 'application']);

function PoolTable({ table, label, testId }: { table: Table; label: string; testId: string }) {
  if (table.rows.length === 0) return <p className="text-sm text-slate-700">No rows.</p>;
  return (
    <DataTable
      caption={label}
      label={label}
      testId={testId}
      scrollCue={table.columns.length > 4}
      rows={table.rows}
      rowKey={(_, i) => String(i)}
      columns={table.columns.map((c): Column<Table['rows'][number]> => {
        const text = TEXT_COLUMNS.has(c);
        return {
          key: c,
          header: LABELS[c] ?? c,
          numeric: !text,
          wrap: text,
          className: text ? 'font-mono text-xs' : undefined,
          cell: (r) => (Number.isFinite(Number(r[c])) && !text && r[c] !== '' ? Number(r[c]).toLocaleString('en-GB') : r[c]),
        };
      })}
    />
  );
}

export default async function PoolPage() {
  await requireSuperuser('/admin/pool');
  const report = await poolReport();
  const citus = await fetchCitusOverview();
  const pgb = report.pgbouncer;
  const pg = report.postgres;
  return (
    <>
      <PageHeader
        title="Connection pool"
        description="Request traffic uses DATABASE_URL (PgBouncer in transaction mode in production); DDL and migrations use DIRECT_DATABASE_URL."
      />
      <div className="space-y-6">
        <Card title="Connections">
          <dl className="grid gap-2 text-sm sm:grid-cols-[auto_1fr] sm:gap-x-6">
            <dt className="font-medium text-slate-700">Pooled (DATABASE_URL)</dt>
            <dd className="break-all font-mono text-xs text-slate-900" data-testid="pooled-target">
              {report.pooledTarget}
            </dd>
            <dt className="font-medium text-slate-700">Direct (DIRECT_DATABASE_URL)</dt>
            <dd className="break-all font-mono text-xs text-slate-900">{report.directTarget}</dd>
            <dt className="font-medium text-slate-700">Roles</dt>
            <dd data-testid="role-mode">
              <Badge tone={report.roles.mode === 'two-role' ? 'success' : 'neutral'}>
                {report.roles.mode === 'two-role' ? 'Two-role mode' : 'Single-role mode'}
              </Badge>{' '}
              <span className="text-sm text-slate-800">{roleModeSummary(report.roles)}</span>
            </dd>
            <dt className="font-medium text-slate-700">Pooler</dt>
            <dd data-testid="pooler">
              {pgb ? (
                <Badge tone="success">
                  {pgb.version && /^pgbouncer/i.test(pgb.version) ? pgb.version : `PgBouncer${pgb.version ? ` ${pgb.version}` : ''}`}
                </Badge>
              ) : (
                <Badge tone="neutral">No PgBouncer</Badge>
              )}
            </dd>
          </dl>
          {report.pgbouncerNote ? (
            <Alert tone="info" className="mt-4">
              {report.pgbouncerNote}
            </Alert>
          ) : null}
        </Card>
        {pgb ? (
          <>
            <Card title="PgBouncer pools (SHOW POOLS)">
              <PoolTable table={pgb.pools} label="PgBouncer pools" testId="pgbouncer-pools" />
              {pgb.settings.length > 0 ? (
                <dl className="mt-4 flex flex-wrap gap-x-6 gap-y-1 text-xs text-slate-700">
                  {pgb.settings.map((s) => (
                    <div key={s.key} className="flex gap-1">
                      <dt className="font-mono">{s.key}</dt>
                      <dd className="font-mono font-semibold text-slate-900">= {s.value}</dd>
                    </div>
                  ))}
                </dl>
              ) : null}
            </Card>
            <Card title="PgBouncer statistics (SHOW STATS)">
              <PoolTable table={pgb.stats} label="PgBouncer statistics" testId="pgbouncer-stats" />
            </Card>
          </>
        ) : null}
        {citus ? <CitusPanels nodes={citus.nodes} activity={citus.activity} /> : null}
        <Card title="PostgreSQL connections (pg_stat_activity)">
          {pg ? (
            <div className="space-y-4">
              <p className="text-sm text-slate-800">
                <span data-testid="pg-total">{pg.total}</span> connections to this database
                {pg.maxConnections ? ` (server max_connections ${pg.maxConnections})` : ''}, including this page’s own.
              </p>
              <PoolTable
                table={{ columns: ['state', 'count'], rows: pg.byState.map((s) => ({ state: s.state, count: String(s.count) })) }}
                label="PostgreSQL connections by state"
                testId="pg-by-state"
              />
              <details className="text-sm">
                <summary className="cursor-pointer rounded font-medium text-indigo-800 focus-visible:outline-3 focus-visible:outline-indigo-600">
                  By application and user
                </summary>
                <div className="mt-3">
                  <PoolTable
                    table={{
                      columns: ['application', 'user', 'state', 'count'],
                      rows: pg.byApplication.map((a) => ({
                        application: a.application,
                        user: a.user,
                        state: a.state,
                        count: String(a.count),
                      })),
                    }}
                    label="PostgreSQL connections by application and user"
                    testId="pg-by-app"
                  />
                </div>
              </details>
            </div>
          ) : (
            <Alert tone="warning">{report.postgresError}</Alert>
          )}
        </Card>
      </div>
    </>
  );
}
