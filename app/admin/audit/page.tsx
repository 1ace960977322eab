import type { Metadata } from 'next';
import { AuditTable } from '@/components/audit/AuditTable';
import { param } from '@/components/auth/safe-next';
import { Card, PageHeader } from '@/components/ui';
import { fetchAudit } from '@/lib/admin/fetchers';
import { requireSuperuser } from '@/lib/auth/session';

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
      <Card title="Filter">
        <form method="get" className="flex flex-wrap items-end gap-4 text-sm" aria-label="Filter the audit log">
          <label className="flex flex-col gap-1">
            <span className="font-medium text-slate-800">Tenant schema</span>
            <input name="tenant" defaultValue={tenant} className="rounded border border-slate-400 px-2 py-1" />
          </label>
          <label className="flex flex-col gap-1">
            <span className="font-medium text-slate-800">Action</span>
            <input
              name="action"
              defaultValue={action}
              placeholder="e.g. tenant.delete"
              className="rounded border border-slate-400 px-2 py-1"
            />
          </label>
          <button type="submit" className="rounded bg-indigo-700 px-3 py-1.5 font-medium text-white">
            Filter
          </button>
        </form>
      </Card>
      <div className="mt-6">
        <Card title={`Entries (${rows.length})`}>
          <AuditTable rows={rows} showTenant />
        </Card>
      </div>
    </>
  );
}
