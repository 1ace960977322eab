import { useFormatter, useLocale, useTranslations } from 'next-intl';
import type { DayCount, StatusKind } from '@/lib/features/admin/dashboard';
import type { PoolSample } from '@/lib/features/admin/pool-samples';
import type { TenantUsage } from '@/lib/features/admin/tenant-usage';
import { formatBytes as formatBytesIn } from '@/lib/infra/format-bytes';
import { BusiestTenants } from './BusiestTenants';
import { HBarChart } from './charts/HBarChart';
import { PoolChart } from './charts/PoolChart';
import { SignupsChart } from './charts/SignupsChart';

// The operator dashboard above the tenant list on /admin (issue 15, item 15): four charts in a
// grid, one column on a phone; below them the busiest tenants of the last hour.

// The tenant list's badge tones, darker so the bars keep 3:1 against white.
const STATUS_COLORS: Record<StatusKind, string> = {
  active: '#15803d',
  paid: '#047857',
  trial: '#4338ca',
  expired: '#b45309',
  suspended: '#b91c1c',
};

export interface DashboardData {
  signups: DayCount[];
  statuses: { kind: StatusKind; label: string; count: number }[];
  largest: { schema: string; name: string; bytes: number }[];
  poolSamples: PoolSample[];
  /** The busiest tenants of the last hour (public.tenant_usage). */
  busiest: TenantUsage[];
}

export function Dashboard({ data }: { data: DashboardData }) {
  const total = data.statuses.reduce((s, x) => s + x.count, 0);
  const biggest = data.largest[0];
  const t = useTranslations('admin.dashboard');
  const format = useFormatter();
  const locale = useLocale();
  const formatBytes = (n: number) => formatBytesIn(n, locale);
  const statusLabel = (kind: StatusKind) => t(`statusKinds.${kind}`);
  return (
    <section aria-labelledby="overview-heading" className="mb-8" data-testid="dashboard">
      <h2 id="overview-heading" className="mb-3 text-lg font-semibold text-slate-900">
        {t('heading')}
      </h2>
      <div className="grid gap-4 md:grid-cols-2">
        <SignupsChart days={data.signups} />
        <HBarChart
          id="status"
          title={t('statusTitle')}
          summary={t('statusSummary', {
            total,
            parts: data.statuses
              .map((s) =>
                t('statusPart', {
                  count: format.number(s.count),
                  label: locale === 'en' ? statusLabel(s.kind).toLowerCase() : statusLabel(s.kind),
                }),
              )
              .join(', '),
          })}
          empty={total === 0 ? t('noTenants') : null}
          bars={data.statuses.map((s) => ({
            key: s.kind,
            label: statusLabel(s.kind),
            value: s.count,
            valueLabel: format.number(s.count),
            color: STATUS_COLORS[s.kind],
          }))}
          columns={[
            { label: t('status'), cell: (b) => b.label },
            { label: t('tenants'), cell: (b) => b.valueLabel, numeric: true },
          ]}
        />
        <HBarChart
          id="sizes"
          title={t('sizesTitle')}
          summary={biggest ? t('sizesSummary', { count: data.largest.length, name: biggest.name, size: formatBytes(biggest.bytes) }) : ''}
          empty={biggest ? null : t('noSchemas')}
          bars={data.largest.map((t) => ({
            key: t.schema,
            label: `${t.name} (${t.schema})`,
            value: t.bytes,
            valueLabel: formatBytes(t.bytes),
            color: '#4f46e5',
          }))}
          columns={[
            { label: t('tenant'), cell: (b) => b.label, wrap: true },
            { label: t('size'), cell: (b) => b.valueLabel, numeric: true },
          ]}
        />
        <PoolChart samples={data.poolSamples} />
      </div>
      <BusiestTenants rows={data.busiest} minutes={60} />
    </section>
  );
}
