import Link from 'next/link';
import { formatDate, isoDate } from '@/components/tenant/format';
import { cn } from '@/components/ui';
import { sortHref, type ListParams, type SortKey } from '@/lib/features/admin/list-params';
import { tenantAdminHref } from '@/lib/platform/links';
import type { TenantListItem } from '@/lib/platform';
import { TenantStatusBadge } from './TenantStatusBadge';

function SortHeader({
  params,
  sort,
  label,
  srLabel,
  className,
}: {
  params: ListParams;
  sort: SortKey;
  label: string;
  srLabel?: string;
  className?: string;
}) {
  const active = params.sort === sort;
  const ariaSort = active ? (params.dir === 'asc' ? 'ascending' : 'descending') : undefined;
  const arrow = active ? (params.dir === 'asc' ? '▲' : '▼') : '';
  return (
    <th scope="col" aria-sort={ariaSort} className={cn('py-2 pr-4 font-semibold', className)}>
      <Link
        href={sortHref(params, sort)}
        className="inline-flex items-center gap-1 rounded underline-offset-4 hover:underline focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
      >
        {label}
        {srLabel ? <span className="sr-only"> {srLabel}</span> : null}
        <span aria-hidden="true" className="text-xs text-slate-500">
          {arrow}
        </span>
        <span className="sr-only">
          {active ? `, sorted ${params.dir === 'asc' ? 'ascending' : 'descending'}; activate to reverse` : ', activate to sort'}
        </span>
      </Link>
    </th>
  );
}

/** The tenants of one page; scrolls sideways on narrow screens. */
export function TenantTable({
  rows,
  params,
  nodes = null,
}: {
  rows: TenantListItem[];
  params: ListParams;
  /** Citus: each tenant's worker ("host:port"); null on plain PostgreSQL (no column). */
  nodes?: Record<string, string> | null;
}) {
  return (
    <>
      {/* Narrow screens clip the table: say that it scrolls. */}
      <p className="mb-2 text-xs text-slate-600 sm:hidden" data-testid="scroll-cue">
        The table scrolls sideways: swipe or use the arrow keys to see every column.
      </p>
      {/* Focusable so keyboard users can scroll it sideways on narrow screens. */}
      <div
        className="relative overflow-x-auto rounded focus-visible:outline-3 focus-visible:outline-indigo-600"
        tabIndex={0}
        role="region"
        aria-label="Tenants table"
      >
        <table className="w-full min-w-[46rem] text-left text-sm">
          <caption className="sr-only">Tenants; column headers sort the table</caption>
          <thead className="border-b border-slate-300 text-slate-700">
            <tr>
              <SortHeader params={params} sort="name" label="Name" />
              <SortHeader params={params} sort="schema" label="Schema" />
              <th scope="col" className="py-2 pr-4 font-semibold">
                Primary domain
              </th>
              <th scope="col" className="py-2 pr-4 text-right font-semibold">
                Domains
              </th>
              {nodes ? (
                <th scope="col" className="py-2 pr-4 font-semibold">
                  Node
                </th>
              ) : null}
              <SortHeader params={params} sort="paid_until" label="Status" srLabel="(by paid-until date)" />
              <SortHeader params={params} sort="created" label="Created" />
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200">
            {rows.map((t) => (
              <tr key={t.id} data-schema={t.schema_name}>
                <td className="py-2 pr-4">
                  {/* Capped width and breaks only where needed: a 200-character name must not widen the table. */}
                  <Link
                    href={tenantAdminHref(t.schema_name)}
                    className="block max-w-[18rem] [overflow-wrap:anywhere] font-medium text-indigo-800 underline-offset-4 hover:underline focus-visible:outline-3 focus-visible:outline-indigo-600"
                  >
                    {t.name}
                  </Link>
                </td>
                <td className="py-2 pr-4 font-mono text-xs text-slate-800">{t.schema_name}</td>
                <td className="py-2 pr-4 text-slate-800" data-testid="primary-domain">
                  {/* As wide as the domain up to a cap: ordinary domains stay on one line, long ones wrap. */}
                  <span className="block w-max max-w-[18rem] [overflow-wrap:anywhere]">{t.primary_domain ?? '—'}</span>
                </td>
                <td className="py-2 pr-4 text-right tabular-nums text-slate-800" data-testid="domain-count">
                  {t.domain_count}
                </td>
                {nodes ? (
                  <td className="py-2 pr-4 font-mono text-xs text-slate-800" data-testid="tenant-node">
                    {nodes[t.schema_name] ?? '—'}
                  </td>
                ) : null}
                <td className="py-2 pr-4">
                  <TenantStatusBadge tenant={t} />
                </td>
                <td className="py-2 whitespace-nowrap text-slate-800">
                  <time dateTime={isoDate(t.created_at)}>{formatDate(t.created_at)}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
