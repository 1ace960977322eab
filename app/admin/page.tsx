import type { Metadata } from 'next';
import { Dashboard } from '@/components/admin/Dashboard';
import { Pagination } from '@/components/admin/Pagination';
import { TenantFilters } from '@/components/admin/TenantFilters';
import { TenantTable } from '@/components/admin/TenantTable';
import { param } from '@/components/auth/safe-next';
import { Alert, Card, LinkButton, PageHeader } from '@/components/ui';
import { fetchDashboard, fetchPlacementOf, fetchTenants } from '@/lib/features/admin/fetchers';
import { listHref, parseListParams, toTenantQuery } from '@/lib/features/admin/list-params';
import { requireSuperuser } from '@/lib/features/auth/session';
import { validateSchemaName } from '@/lib/tenancy/schema-name';

export const metadata: Metadata = { title: 'Tenants' };

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function TenantsPage({ searchParams }: { searchParams: Search }) {
  await requireSuperuser('/admin');
  const sp = await searchParams;
  const params = parseListParams(sp);
  const [{ rows, total }, dashboard] = await Promise.all([fetchTenants(toTenantQuery(params)), fetchDashboard()]);
  const nodes = await fetchPlacementOf(rows.map((r) => r.schema_name));
  const deleted = param(sp.deleted);
  const deletedSchema = deleted && validateSchemaName(deleted).ok ? deleted : null;
  return (
    <>
      <PageHeader
        title="Tenants"
        description="Every organisation on this Quorum: one PostgreSQL schema each."
        actions={<LinkButton href="/admin/tenants/new">New tenant</LinkButton>}
      />
      {deletedSchema ? (
        <Alert tone="success" className="mb-4">
          Tenant <span className="font-mono">{deletedSchema}</span> was deleted with its schema and all its data.
        </Alert>
      ) : null}
      <Dashboard data={dashboard} />
      <Card title="All tenants" id="tenants">
        <TenantFilters params={params} />
        {rows.length > 0 ? (
          <TenantTable rows={rows} params={params} nodes={nodes} />
        ) : (
          <p className="py-6 text-center text-sm text-slate-700" data-testid="no-tenants">
            {params.q ? (
              <>
                No tenant matches “{params.q}”.{' '}
                <a href={listHref({ ...params, q: '', page: 1 })} className="font-semibold text-indigo-800 underline underline-offset-4">
                  Show all tenants
                </a>
              </>
            ) : total > 0 ? (
              'No tenants on this page.'
            ) : (
              'No tenants yet.'
            )}
          </p>
        )}
        <Pagination params={params} total={total} />
      </Card>
    </>
  );
}
