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

/** Audit entries, newest first (the superuser's /admin/audit and a tenant's own /audit). */
export function AuditTable({ rows, showTenant }: { rows: AuditRow[]; showTenant: boolean }) {
  if (rows.length === 0) return <p className="text-sm text-slate-700">No entries.</p>;
  const heads = ['When (UTC)', 'Who', 'Action', ...(showTenant ? ['Tenant'] : []), 'Address', 'Detail'];
  return (
    <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="Audit entries">
      <table className="w-full text-left text-sm" data-testid="audit-log">
        <thead className="border-b border-slate-300 text-slate-700">
          <tr>
            {heads.map((h) => (
              <th key={h} scope="col" className="py-2 pr-4 font-semibold">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200">
          {rows.map((r) => (
            <tr key={r.id}>
              <td className="py-2 pr-4 font-mono text-xs">{r.at.toISOString().replace('T', ' ').slice(0, 19)}</td>
              <td className="py-2 pr-4">{r.actor}</td>
              <td className="py-2 pr-4 font-mono text-xs">{r.action}</td>
              {showTenant ? <td className="py-2 pr-4 font-mono text-xs">{r.tenant ?? '—'}</td> : null}
              <td className="py-2 pr-4 font-mono text-xs">{r.address ?? '—'}</td>
              <td className="py-2 pr-4 font-mono text-xs break-all">{formatDetail(r.detail)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
