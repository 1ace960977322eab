import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { AuditFilter, AuditFilterField } from '@/components/audit/AuditFilter';
import { AuditTable } from '@/components/audit/AuditTable';
import { param } from '@/components/auth/safe-next';
import { Card, PageHeader } from '@/components/ui';
import { fetchAudit } from '@/lib/features/admin/fetchers';
import { requireSuperuser } from '@/lib/features/auth/session';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('admin.audit'))('title') };
}

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function AuditPage({ searchParams }: { searchParams: Search }) {
  await requireSuperuser('/admin/audit');
  const sp = await searchParams;
  const tenant = (param(sp.tenant) ?? '').trim();
  const action = (param(sp.action) ?? '').trim();
  const t = await getTranslations('admin.audit');
  const rows = await fetchAudit({ tenant: tenant || undefined, action: action || undefined, limit: 200 });
  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      <AuditFilter>
        <AuditFilterField label={t('tenantSchema')}>
          <input name="tenant" defaultValue={tenant} className="rounded border border-slate-400 px-2 py-1" />
        </AuditFilterField>
        <AuditFilterField label={t('action')}>
          <input
            name="action"
            defaultValue={action}
            placeholder={t('actionPlaceholder')}
            className="rounded border border-slate-400 px-2 py-1"
          />
        </AuditFilterField>
      </AuditFilter>
      <div className="mt-6">
        <Card title={t('entries', { count: rows.length })}>
          <AuditTable rows={rows} showTenant />
        </Card>
      </div>
    </>
  );
}
