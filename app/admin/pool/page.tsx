import type { Metadata } from 'next';
import { useFormatter, useTranslations } from 'next-intl';
import { getTranslations } from 'next-intl/server';
import { CitusPanels } from '@/components/admin/CitusPanels';
import { Alert, Badge, Card, DataTable, PageHeader, type Column } from '@/components/ui';
import { poolReport, type Table } from '@/lib/features/admin/pool-stats';
import { requireSuperuser } from '@/lib/features/auth/session';
import { fetchCitusOverview } from '@/lib/features/admin/fetchers';
import { roleModeSummary } from '@/lib/tenancy';
import enAdmin from '@/messages/en/admin.json';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('admin.pool'))('title') };
}

const TEXT_COLUMNS = new Set(['database', 'user', 'pool_mode', 'state', 'application']);

type ColumnKey = keyof (typeof enAdmin)['pool']['columns'];
const COLUMN_KEYS = new Set(Object.keys(enAdmin.pool.columns));
const isColumnKey = (c: string): c is ColumnKey => COLUMN_KEYS.has(c);

function PoolTable({ table, label, testId }: { table: Table; label: string; testId: string }) {
  const t = useTranslations('admin.pool');
  const format = useFormatter();
  if (table.rows.length === 0) return <p className="text-sm text-slate-700">{t('noRows')}</p>;
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
          header: isColumnKey(c) ? t(`columns.${c}`) : c,
          numeric: !text,
          wrap: text,
          className: text ? 'font-mono text-xs' : undefined,
          cell: (r) => (Number.isFinite(Number(r[c])) && !text && r[c] !== '' ? format.number(Number(r[c])) : r[c]),
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
  const t = await getTranslations('admin.pool');
  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      <div className="space-y-6">
        <Card title={t('connections')}>
          <dl className="grid gap-2 text-sm sm:grid-cols-[auto_1fr] sm:gap-x-6">
            <dt className="font-medium text-slate-700">{t('pooled')}</dt>
            <dd className="break-all font-mono text-xs text-slate-900" data-testid="pooled-target">
              {report.pooledTarget}
            </dd>
            <dt className="font-medium text-slate-700">{t('direct')}</dt>
            <dd className="break-all font-mono text-xs text-slate-900">{report.directTarget}</dd>
            <dt className="font-medium text-slate-700">{t('roles')}</dt>
            <dd data-testid="role-mode">
              <Badge tone={report.roles.mode === 'two-role' ? 'success' : 'neutral'}>
                {report.roles.mode === 'two-role' ? t('twoRole') : t('singleRole')}
              </Badge>{' '}
              <span className="text-sm text-slate-800">{roleModeSummary(report.roles)}</span>
            </dd>
            <dt className="font-medium text-slate-700">{t('pooler')}</dt>
            <dd data-testid="pooler">
              {pgb ? (
                <Badge tone="success">
                  {pgb.version && /^pgbouncer/i.test(pgb.version) ? pgb.version : `PgBouncer${pgb.version ? ` ${pgb.version}` : ''}`}
                </Badge>
              ) : (
                <Badge tone="neutral">{t('noPgbouncer')}</Badge>
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
            <Card title={t('pgbPools')}>
              <PoolTable table={pgb.pools} label={t('pgbPoolsLabel')} testId="pgbouncer-pools" />
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
            <Card title={t('pgbStats')}>
              <PoolTable table={pgb.stats} label={t('pgbStatsLabel')} testId="pgbouncer-stats" />
            </Card>
          </>
        ) : null}
        {citus ? <CitusPanels nodes={citus.nodes} activity={citus.activity} /> : null}
        <Card title={t('pgTitle')}>
          {pg ? (
            <div className="space-y-4">
              <p className="text-sm text-slate-800">
                {t.rich('pgTotal', {
                  total: () => <span data-testid="pg-total">{pg.total}</span>,
                  max: pg.maxConnections ? String(pg.maxConnections) : 'none',
                })}
              </p>
              <PoolTable
                table={{ columns: ['state', 'count'], rows: pg.byState.map((s) => ({ state: s.state, count: String(s.count) })) }}
                label={t('byState')}
                testId="pg-by-state"
              />
              <details className="text-sm">
                <summary className="cursor-pointer rounded font-medium text-indigo-800 focus-visible:outline-3 focus-visible:outline-indigo-600">
                  {t('byAppSummary')}
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
                    label={t('byApp')}
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
