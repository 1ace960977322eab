import { Alert, Card } from '@/components/ui';
import type { TenantActivity, WorkerNode } from '@/lib/platform';

// The pool page on Citus: the workers (tenant count, size) and which tenants are busiest
// (citus_stat_tenants), so an operator sees what to move where.

function size(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${Math.round(bytes / 1024)} kB`;
}

const th = 'py-2 pr-4 font-semibold';
const num = 'py-2 pr-4 text-right tabular-nums';

export function CitusPanels({ nodes, activity }: { nodes: WorkerNode[]; activity: TenantActivity[] | null }) {
  return (
    <>
      <Card title="Citus workers">
        <table className="w-full text-left text-sm" data-testid="citus-nodes">
          <caption className="sr-only">Citus workers with their tenants and size</caption>
          <thead className="border-b border-slate-300 text-slate-700">
            <tr>
              <th scope="col" className={th}>
                Node
              </th>
              <th scope="col" className={`${th} text-right`}>
                Tenants
              </th>
              <th scope="col" className={`${th} text-right`}>
                Size
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200">
            {nodes.map((n) => (
              <tr key={n.node} data-node={n.node}>
                <td className="py-2 pr-4 font-mono text-xs">{n.node}</td>
                <td className={num}>{n.tenants.toLocaleString('en-GB')}</td>
                <td className={num}>{size(n.bytes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
      <Card title="Busiest tenants (citus_stat_tenants)">
        {activity === null ? (
          <Alert tone="info">
            Per-tenant statistics are not readable by this database role. A superuser can enable them (README, “Scale out on Citus”).
          </Alert>
        ) : activity.length === 0 ? (
          <p className="text-sm text-slate-700">
            No tenant activity recorded yet (needs <span className="font-mono">citus.stat_tenants_track = all</span>).
          </p>
        ) : (
          <table className="w-full text-left text-sm" data-testid="citus-activity">
            <caption className="sr-only">Queries and CPU per tenant, this period and the last</caption>
            <thead className="border-b border-slate-300 text-slate-700">
              <tr>
                <th scope="col" className={th}>
                  Tenant
                </th>
                <th scope="col" className={th}>
                  Node
                </th>
                <th scope="col" className={`${th} text-right`}>
                  Queries (this / last period)
                </th>
                <th scope="col" className={`${th} text-right`}>
                  CPU s (this / last period)
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {activity.map((a) => (
                <tr key={`${a.schema}@${a.node}`} data-schema={a.schema}>
                  <td className="py-2 pr-4 font-mono text-xs">{a.schema}</td>
                  <td className="py-2 pr-4 font-mono text-xs">{a.node}</td>
                  <td className={num}>
                    {a.queries.toLocaleString('en-GB')} / {a.queriesLastPeriod.toLocaleString('en-GB')}
                  </td>
                  <td className={num}>
                    {a.cpuSeconds.toFixed(3)} / {a.cpuSecondsLastPeriod.toFixed(3)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </>
  );
}
