import { useLocale, useTranslations } from 'next-intl';
import Link from 'next/link';
import { isoDate } from '@/components/tenant/format';
import { formatDateIn } from '@/lib/infra/format';
import { DataTable, cn } from '@/components/ui';
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
  const t = useTranslations('admin.table');
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
        <span className="sr-only">{active ? (params.dir === 'asc' ? t('sortedAsc') : t('sortedDesc')) : t('activateToSort')}</span>
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
  const t = useTranslations('admin.table');
  const locale = useLocale();
  return (
    <DataTable
      caption={t('caption')}
      label={t('label')}
      minWidth="min-w-[46rem]"
      rows={rows}
      rowKey={(t) => String(t.id)}
      rowProps={(t) => ({ 'data-schema': t.schema_name })}
      columns={[
        {
          key: 'name',
          header: t('name'),
          renderHeader: () => <SortHeader params={params} sort="name" label={t('name')} />,
          // Capped width and breaks only where needed: a 200-character name must not widen the table.
          cell: (t) => (
            <Link
              href={tenantAdminHref(t.schema_name)}
              className="block max-w-[18rem] [overflow-wrap:anywhere] font-medium text-indigo-800 underline-offset-4 hover:underline focus-visible:outline-3 focus-visible:outline-indigo-600"
            >
              {t.name}
            </Link>
          ),
        },
        {
          key: 'schema',
          header: t('schema'),
          renderHeader: () => <SortHeader params={params} sort="schema" label={t('schema')} />,
          className: 'font-mono text-xs text-slate-800',
          cell: (t) => t.schema_name,
        },
        {
          key: 'domain',
          header: t('primaryDomain'),
          className: 'text-slate-800',
          testId: 'primary-domain',
          // As wide as the domain up to a cap: ordinary domains stay on one line, long ones wrap.
          cell: (t) => <span className="block w-max max-w-[18rem] [overflow-wrap:anywhere]">{t.primary_domain ?? '—'}</span>,
        },
        {
          key: 'domains',
          header: t('domains'),
          numeric: true,
          className: 'text-slate-800',
          testId: 'domain-count',
          cell: (t) => t.domain_count,
        },
        nodes && {
          key: 'node',
          header: t('node'),
          className: 'font-mono text-xs text-slate-800',
          testId: 'tenant-node',
          cell: (t) => nodes[t.schema_name] ?? '—',
        },
        {
          key: 'status',
          header: t('status'),
          renderHeader: () => <SortHeader params={params} sort="paid_until" label={t('status')} srLabel={t('statusSr')} />,
          cell: (t) => <TenantStatusBadge tenant={t} />,
        },
        {
          key: 'created',
          header: t('created'),
          renderHeader: () => <SortHeader params={params} sort="created" label={t('created')} />,
          nowrap: true,
          className: 'text-slate-800',
          cell: (t) => <time dateTime={isoDate(t.created_at)}>{formatDateIn(locale, t.created_at)}</time>,
        },
      ]}
    />
  );
}
