import type { DayCount, StatusKind } from '@/lib/features/admin/dashboard';
import type { PoolSample } from '@/lib/features/admin/pool-samples';
import type { TenantUsage } from '@/lib/features/admin/tenant-usage';
import { formatBytes } from '@/lib/infra/format-bytes';
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
  return (
    <section aria-labelledby="overview-heading" className="mb-8" data-testid="dashboard">
      <h2 id="overview-heading" className="mb-3 text-lg font-semibold text-slate-900">
        Overview
      </h2>
      <div className="grid gap-4 md:grid-cols-2">
        <SignupsChart days={data.signups} />
        <HBarChart
          id="status"
          title="Tenants by status"
          summary={`${total.toLocaleString('en-GB')} ${total === 1 ? 'tenant' : 'tenants'}: ${data.statuses
            .map((s) => `${s.count.toLocaleString('en-GB')} ${s.label.toLowerCase()}`)
            .join(', ')}.`}
          empty={total === 0 ? 'No tenants yet.' : null}
          bars={data.statuses.map((s) => ({
            key: s.kind,
            label: s.label,
            value: s.count,
            valueLabel: s.count.toLocaleString('en-GB'),
            color: STATUS_COLORS[s.kind],
          }))}
          columns={[
            { label: 'Status', cell: (b) => b.label },
            { label: 'Tenants', cell: (b) => b.valueLabel, numeric: true },
          ]}
        />
        <HBarChart
          id="sizes"
          title="Largest tenants by database size"
          summary={
            biggest
              ? `The ${data.largest.length === 1 ? 'largest tenant' : `${data.largest.length} largest tenants`} by the size of their schema (tables, indexes and TOAST); ${biggest.name} leads with ${formatBytes(biggest.bytes)}. Measured at most a minute ago.`
              : ''
          }
          empty={biggest ? null : 'No tenant schemas yet.'}
          bars={data.largest.map((t) => ({
            key: t.schema,
            label: `${t.name} (${t.schema})`,
            value: t.bytes,
            valueLabel: formatBytes(t.bytes),
            color: '#4f46e5',
          }))}
          columns={[
            { label: 'Tenant', cell: (b) => b.label, wrap: true },
            { label: 'Size', cell: (b) => b.valueLabel, numeric: true },
          ]}
        />
        <PoolChart samples={data.poolSamples} />
      </div>
      <BusiestTenants rows={data.busiest} minutes={60} />
    </section>
  );
}
