import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
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

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('admin.list'))('title') };
}

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function TenantsPage({ searchParams }: { searchParams: Search }) {
  await requireSuperuser('/admin');
  const sp = await searchParams;
  const params = parseListParams(sp);
  const [{ rows, total }, dashboard] = await Promise.all([fetchTenants(toTenantQuery(params)), fetchDashboard()]);
  const nodes = await fetchPlacementOf(rows.map((r) => r.schema_name));
  const t = await getTranslations('admin.list');
  const deleted = param(sp.deleted);
  const deletedSchema = deleted && validateSchemaName(deleted).ok ? deleted : null;
  return (
    <>
      <PageHeader
        title={t('title')}
        description={t('description')}
        actions={<LinkButton href="/admin/tenants/new">{t('new')}</LinkButton>}
      />
      {deletedSchema ? (
        <Alert tone="success" className="mb-4">
          {t.rich('deleted', { schema: () => <span className="font-mono">{deletedSchema}</span> })}
        </Alert>
      ) : null}
      <Dashboard data={dashboard} />
      <Card title={t('all')} id="tenants">
        <TenantFilters params={params} />
        {rows.length > 0 ? (
          <TenantTable rows={rows} params={params} nodes={nodes} />
        ) : (
          <p className="py-6 text-center text-sm text-slate-700" data-testid="no-tenants">
            {params.q ? (
              <>
                {t('noMatch', { q: params.q })}{' '}
                <a href={listHref({ ...params, q: '', page: 1 })} className="font-semibold text-indigo-800 underline underline-offset-4">
                  {t('showAll')}
                </a>
              </>
            ) : total > 0 ? (
              t('emptyPage')
            ) : (
              t('empty')
            )}
          </p>
        )}
        <Pagination params={params} total={total} />
      </Card>
    </>
  );
}
