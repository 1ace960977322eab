import { Command } from 'commander';
import type { TenantListItem } from '@/lib/platform';
import { out } from '../output';
import { withDatabase } from '../runtime';

const PAGE = 500;

async function allTenants(): Promise<TenantListItem[]> {
  const { directDb } = await import('@/lib/infra/db/pool');
  const { listTenants } = await import('@/lib/platform');
  const rows: TenantListItem[] = [];
  for (let page = 1; ; page++) {
    const r = await listTenants(directDb(), { sort: 'schema_name', dir: 'asc', page, perPage: PAGE });
    rows.push(...r.rows);
    if (r.rows.length < PAGE) return rows;
  }
}

export function listCommand(): Command {
  return new Command('list')
    .description('List tenants, one a line: schema<TAB>primary domain (sorted by schema).')
    .option('--json', 'print a JSON array with every field of every tenant, including all its domains')
    .action((opts: { json?: boolean }) =>
      withDatabase(async () => {
        const tenants = await allTenants();
        if (!opts.json) {
          for (const t of tenants) out(`${t.schema_name}\t${t.primary_domain ?? ''}`);
          return;
        }
        const { directDb } = await import('@/lib/infra/db/pool');
        const { listAllDomains } = await import('@/lib/platform');
        const domains = await listAllDomains(directDb());
        // Citus only: the worker of each tenant ("host:port"); null on plain PostgreSQL.
        const { tenantNodes } = await import('@/lib/platform');
        const nodes = await tenantNodes(directDb());
        const byTenant = new Map<number, string[]>();
        for (const d of domains) {
          const list = byTenant.get(d.tenant_id) ?? [];
          list.push(d.domain);
          byTenant.set(d.tenant_id, list);
        }
        out(
          JSON.stringify(
            tenants.map((t) => ({ ...t, domains: byTenant.get(t.id) ?? [], node: nodes.get(t.schema_name) ?? null })),
            null,
            2,
          ),
        );
      }),
    );
}
