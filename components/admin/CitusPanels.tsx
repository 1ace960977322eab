import { Alert, Card, DataTable } from '@/components/ui';
import type { TenantActivity, WorkerNode } from '@/lib/platform';

// The pool page on Citus: the workers (tenant count, size) and which tenants are busiest
// (citus_stat_tenants), so an operator sees what to move where.

function size(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${Math.round(bytes / 1024)} kB`;
}

const mono = 'font-mono text-xs';

export function CitusPanels({ nodes, activity }: { nodes: WorkerNode[]; activity: TenantActivity[] | null }) {
  return (
    <>
      <Card title="Citus workers">
        <DataTable
          caption="Citus workers with their tenants and size"
          label="Citus workers"
          testId="citus-nodes"
          rows={nodes}
          rowKey={(n) => n.node}
          rowProps={(n) => ({ 'data-node': n.node })}
          columns={[
            { key: 'node', header: 'Node', className: mono, cell: (n) => n.node },
            { key: 'tenants', header: 'Tenants', numeric: true, cell: (n) => n.tenants.toLocaleString('en-GB') },
            { key: 'size', header: 'Size', numeric: true, cell: (n) => size(n.bytes) },
          ]}
        />
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
          <DataTable
            caption="Queries and CPU per tenant, this period and the last"
            label="Busiest tenants on Citus"
            testId="citus-activity"
            rows={activity}
            rowKey={(a) => `${a.schema}@${a.node}`}
            rowProps={(a) => ({ 'data-schema': a.schema })}
            columns={[
              { key: 'tenant', header: 'Tenant', className: mono, wrap: true, cell: (a) => a.schema },
              { key: 'node', header: 'Node', className: mono, cell: (a) => a.node },
              {
                key: 'queries',
                header: 'Queries (this / last period)',
                numeric: true,
                cell: (a) => `${a.queries.toLocaleString('en-GB')} / ${a.queriesLastPeriod.toLocaleString('en-GB')}`,
              },
              {
                key: 'cpu',
                header: 'CPU s (this / last period)',
                numeric: true,
                cell: (a) => `${a.cpuSeconds.toFixed(3)} / ${a.cpuSecondsLastPeriod.toFixed(3)}`,
              },
            ]}
          />
        )}
      </Card>
    </>
  );
}
