import type { Metadata } from 'next';
import { AuditFilter, AuditFilterField } from '@/components/audit/AuditFilter';
import { AuditTable } from '@/components/audit/AuditTable';
import { param } from '@/components/auth/safe-next';
import { Card, PageHeader } from '@/components/ui';
import { fetchAudit } from '@/lib/features/admin/fetchers';
import { requireSuperuser } from '@/lib/features/auth/session';

export const metadata: Metadata = { title: 'Audit log' };

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function AuditPage({ searchParams }: { searchParams: Search }) {
  await requireSuperuser('/admin/audit');
  const sp = await searchParams;
  const tenant = (param(sp.tenant) ?? '').trim();
  const action = (param(sp.action) ?? '').trim();
  const rows = await fetchAudit({ tenant: tenant || undefined, action: action || undefined, limit: 200 });
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every superuser and tenant-admin action, newest first (append-only; the latest 200 matching entries)."
      />
      <AuditFilter>
        <AuditFilterField label="Tenant schema">
          <input name="tenant" defaultValue={tenant} className="rounded border border-slate-400 px-2 py-1" />
        </AuditFilterField>
        <AuditFilterField label="Action">
          <input
            name="action"
            defaultValue={action}
            placeholder="e.g. tenant.delete"
            className="rounded border border-slate-400 px-2 py-1"
          />
        </AuditFilterField>
      </AuditFilter>
      <div className="mt-6">
        <Card title={`Entries (${rows.length})`}>
          <AuditTable rows={rows} showTenant />
        </Card>
      </div>
    </>
  );
}
