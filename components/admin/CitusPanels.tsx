import { useFormatter, useLocale, useTranslations } from 'next-intl';
import { formatFixed } from '@/lib/features/admin/locale-format';
import { formatBytes } from '@/lib/infra/format-bytes';
import { Alert, Card, DataTable } from '@/components/ui';
import type { TenantActivity, WorkerNode } from '@/lib/platform';

// The pool page on Citus: the workers (tenant count, size) and which tenants are busiest
// (citus_stat_tenants), so an operator sees what to move where.

function size(bytes: number, locale: string): string {
  // Never bytes: under 1 MB in whole kB, as before.
  return bytes >= 1024 ** 2 ? formatBytes(bytes, locale) : `${Math.round(bytes / 1024)} kB`;
}

const mono = 'font-mono text-xs';

export function CitusPanels({ nodes, activity }: { nodes: WorkerNode[]; activity: TenantActivity[] | null }) {
  const t = useTranslations('admin.citus');
  const format = useFormatter();
  const locale = useLocale();
  return (
    <>
      <Card title={t('workers')}>
        <DataTable
          caption={t('workersCaption')}
          label={t('workers')}
          testId="citus-nodes"
          rows={nodes}
          rowKey={(n) => n.node}
          rowProps={(n) => ({ 'data-node': n.node })}
          columns={[
            { key: 'node', header: t('node'), className: mono, cell: (n) => n.node },
            { key: 'tenants', header: t('tenants'), numeric: true, cell: (n) => format.number(n.tenants) },
            { key: 'size', header: t('size'), numeric: true, cell: (n) => size(n.bytes, locale) },
          ]}
        />
      </Card>
      <Card title={t('busiest')}>
        {activity === null ? (
          <Alert tone="info">{t('noStats')}</Alert>
        ) : activity.length === 0 ? (
          <p className="text-sm text-slate-700">
            {t.rich('noActivity', { code: () => <code className="font-mono">citus.stat_tenants_track = all</code> })}
          </p>
        ) : (
          <DataTable
            caption={t('activityCaption')}
            label={t('activityLabel')}
            testId="citus-activity"
            rows={activity}
            rowKey={(a) => `${a.schema}@${a.node}`}
            rowProps={(a) => ({ 'data-schema': a.schema })}
            columns={[
              { key: 'tenant', header: t('tenant'), className: mono, wrap: true, cell: (a) => a.schema },
              { key: 'node', header: t('node'), className: mono, cell: (a) => a.node },
              {
                key: 'queries',
                header: t('queries'),
                numeric: true,
                cell: (a) => `${format.number(a.queries)} / ${format.number(a.queriesLastPeriod)}`,
              },
              {
                key: 'cpu',
                header: t('cpu'),
                numeric: true,
                cell: (a) => `${formatFixed(a.cpuSeconds, 3, locale)} / ${formatFixed(a.cpuSecondsLastPeriod, 3, locale)}`,
              },
            ]}
          />
        )}
      </Card>
    </>
  );
}
