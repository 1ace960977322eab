import { useTranslations } from 'next-intl';
import { DataTable, type Column } from '@/components/ui';
import { auditActionLabel } from './action-label';

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
  const t = useTranslations('audit');
  if (rows.length === 0) return <p className="text-sm text-slate-700">{t('table.empty')}</p>;
  const columns: (Column<AuditRow> | false)[] = [
    { key: 'at', header: t('table.when'), className: mono, nowrap: true, cell: (r) => r.at.toISOString().replace('T', ' ').slice(0, 19) },
    { key: 'actor', header: t('table.who'), wrap: true, cell: (r) => r.actor },
    {
      key: 'action',
      header: t('table.action'),
      cell: (r) => (
        <>
          <span className="block" data-testid="audit-action">
            {auditActionLabel(t, r.action)}
          </span>
          <span className="block font-mono text-xs text-slate-600">{r.action}</span>
        </>
      ),
    },
    showTenant && { key: 'tenant', header: t('table.tenant'), className: mono, wrap: true, cell: (r) => r.tenant ?? '—' },
    { key: 'address', header: t('table.address'), className: mono, wrap: true, cell: (r) => r.address ?? '—' },
    { key: 'detail', header: t('table.detail'), className: `${mono} break-all`, cell: (r) => formatDetail(r.detail) },
  ];
  return (
    <DataTable
      caption={t('table.caption')}
      label={t('table.label')}
      testId="audit-log"
      stack
      rows={rows}
      rowKey={(r) => r.id}
      columns={columns}
    />
  );
}
