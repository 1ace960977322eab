import Link from 'next/link';
import { Card, DataTable } from '@/components/ui';
import type { TenantUsage } from '@/lib/features/admin/tenant-usage';

// "Busiest tenants" on the operator dashboard (issue 21, part 5): the last hour of
// public.tenant_usage, which every server process adds its counts to once a minute. Plain
// PostgreSQL and Citus alike (Citus' own citus_stat_tenants stays on the pool page).

const n = (v: number) => Math.round(v).toLocaleString('en-GB');

function dbTime(ms: number): string {
  if (ms >= 60_000) return `${(ms / 60_000).toFixed(1)} min`;
  if (ms >= 1_000) return `${(ms / 1_000).toFixed(1)} s`;
  return `${Math.round(ms)} ms`;
}

export function BusiestTenants({ rows, minutes }: { rows: TenantUsage[]; minutes: number }) {
  return (
    <Card title={`Busiest tenants, last ${minutes === 60 ? 'hour' : `${minutes} minutes`}`} data-testid="busiest-tenants" className="mt-4">
      {rows.length === 0 ? (
        <p className="text-sm text-slate-700" data-testid="busiest-tenants-empty">
          No tenant traffic recorded in the last {minutes === 60 ? 'hour' : `${minutes} minutes`}. Each server process records its requests
          once a minute.
        </p>
      ) : (
        <DataTable
          caption="Requests, database time, requests refused for rate (429) and work refused for load (503) per tenant"
          label="Busiest tenants"
          testId="busiest-tenants-table"
          stack
          rows={rows}
          rowKey={(r) => r.schema}
          rowProps={(r) => ({ 'data-busiest-schema': r.schema })}
          columns={[
            {
              key: 'tenant',
              header: 'Tenant',
              wrap: true,
              cell: (r) => (
                <>
                  <Link
                    href={`/admin/tenants/${encodeURIComponent(r.schema)}`}
                    className="font-semibold text-indigo-800 underline underline-offset-4"
                  >
                    {r.name}
                  </Link>{' '}
                  <span className="font-mono text-xs text-slate-700">{r.schema}</span>
                </>
              ),
            },
            { key: 'requests', header: 'Requests', numeric: true, cell: (r) => n(r.requests) },
            { key: 'db', header: 'Database time', numeric: true, cell: (r) => dbTime(r.dbMs) },
            { key: 'throttled', header: 'Throttled (429)', numeric: true, cell: (r) => n(r.throttled) },
            { key: 'refused', header: 'Refused (503)', numeric: true, cell: (r) => n(r.refused) },
          ]}
        />
      )}
    </Card>
  );
}
