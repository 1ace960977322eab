import { DataTable, type Column } from '@/components/ui';
import { auditActionWords } from '@/lib/platform/audit-actions';

/** An entry's detail as compact JSON ('' for none). */
function formatDetail(detail: unknown): string {
  if (detail === null || detail === undefined) return '';
  if (typeof detail === 'object' && Object.keys(detail as object).length === 0) return '';
  return JSON.stringify(detail);
}

export interface AuditRow {
  id: string;
  at: Date;
  actor: string;
  action: string;
  tenant: string | null;
  address: string | null;
  detail: unknown;
}

const mono = 'font-mono text-xs';

/**
 * Audit entries, newest first (the superuser's /admin/audit and a tenant's own /audit). Actions in
 * words with their code under them; on a phone each entry is a card (no sideways scroll).
 */
export function AuditTable({ rows, showTenant }: { rows: AuditRow[]; showTenant: boolean }) {
  if (rows.length === 0) return <p className="text-sm text-slate-700">No entries.</p>;
  const columns: (Column<AuditRow> | false)[] = [
    { key: 'at', header: 'When (UTC)', className: mono, nowrap: true, cell: (r) => r.at.toISOString().replace('T', ' ').slice(0, 19) },
    { key: 'actor', header: 'Who', wrap: true, cell: (r) => r.actor },
    {
      key: 'action',
      header: 'Action',
      cell: (r) => (
        <>
          <span className="block" data-testid="audit-action">
            {auditActionWords(r.action)}
          </span>
          <span className="block font-mono text-xs text-slate-600">{r.action}</span>
        </>
      ),
    },
    showTenant && { key: 'tenant', header: 'Tenant', className: mono, wrap: true, cell: (r) => r.tenant ?? '—' },
    { key: 'address', header: 'Address', className: mono, wrap: true, cell: (r) => r.address ?? '—' },
    { key: 'detail', header: 'Detail', className: `${mono} break-all`, cell: (r) => formatDetail(r.detail) },
  ];
  return (
    <DataTable
      caption="Audit entries, newest first"
      label="Audit entries"
      testId="audit-log"
      stack
      rows={rows}
      rowKey={(r) => r.id}
      columns={columns}
    />
  );
}
