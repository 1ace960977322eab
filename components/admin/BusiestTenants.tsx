import Link from 'next/link';
import { Card } from '@/components/ui';
import type { TenantUsage } from '@/lib/features/admin/tenant-usage';

// "Busiest tenants" on the operator dashboard (issue 21, part 5): the last hour of
// public.tenant_usage, which every server process adds its counts to once a minute. Plain
// PostgreSQL and Citus alike (Citus' own citus_stat_tenants stays on the pool page).

const th = 'py-2 pr-4 font-semibold';
const num = 'py-2 pr-4 text-right tabular-nums';
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
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="busiest-tenants-table">
            <caption className="sr-only">
              Requests, database time, requests refused for rate (429) and work refused for load (503) per tenant
            </caption>
            <thead className="border-b border-slate-300 text-slate-700">
              <tr>
                <th scope="col" className={th}>
                  Tenant
                </th>
                <th scope="col" className={`${th} text-right`}>
                  Requests
                </th>
                <th scope="col" className={`${th} text-right`}>
                  Database time
                </th>
                <th scope="col" className={`${th} text-right`}>
                  <abbr title="Requests refused with 429: over the tenant's or a client's rate">Throttled</abbr>
                </th>
                <th scope="col" className={`${th} text-right`}>
                  <abbr title="Tenant work refused with 503: its share of the database used up or a statement over its time limit">
                    Refused
                  </abbr>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {rows.map((r) => (
                <tr key={r.schema} data-schema={r.schema}>
                  <td className="py-2 pr-4">
                    <Link
                      href={`/admin/tenants/${encodeURIComponent(r.schema)}`}
                      className="font-semibold text-indigo-800 underline underline-offset-4"
                    >
                      {r.name}
                    </Link>{' '}
                    <span className="font-mono text-xs text-slate-700">{r.schema}</span>
                  </td>
                  <td className={num}>{n(r.requests)}</td>
                  <td className={num}>{dbTime(r.dbMs)}</td>
                  <td className={num}>{n(r.throttled)}</td>
                  <td className={num}>{n(r.refused)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
