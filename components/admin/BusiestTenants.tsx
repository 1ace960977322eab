import { useFormatter, useLocale, useTranslations } from 'next-intl';
import Link from 'next/link';
import { Card, DataTable } from '@/components/ui';
import type { TenantUsage } from '@/lib/features/admin/tenant-usage';
import { formatFixed } from '@/lib/features/admin/locale-format';

// "Busiest tenants" on the operator dashboard (issue 21, part 5): the last hour of
// public.tenant_usage, which every server process adds its counts to once a minute. Plain
// PostgreSQL and Citus alike (Citus' own citus_stat_tenants stays on the pool page).

export function BusiestTenants({ rows, minutes }: { rows: TenantUsage[]; minutes: number }) {
  const t = useTranslations('admin.busiest');
  const format = useFormatter();
  const locale = useLocale();
  const n = (v: number) => format.number(Math.round(v));
  const dbTime = (ms: number): string => {
    if (ms >= 60_000) return t('minutes', { n: formatFixed(ms / 60_000, 1, locale) });
    if (ms >= 1_000) return t('seconds', { n: formatFixed(ms / 1_000, 1, locale) });
    return t('ms', { n: String(Math.round(ms)) });
  };
  return (
    <Card title={t('title', { minutes: String(minutes) })} data-testid="busiest-tenants" className="mt-4">
      {rows.length === 0 ? (
        <p className="text-sm text-slate-700" data-testid="busiest-tenants-empty">
          {t('empty', { minutes: String(minutes) })}
        </p>
      ) : (
        <DataTable
          caption={t('caption')}
          label={t('label')}
          testId="busiest-tenants-table"
          stack
          rows={rows}
          rowKey={(r) => r.schema}
          rowProps={(r) => ({ 'data-busiest-schema': r.schema })}
          columns={[
            {
              key: 'tenant',
              header: t('tenant'),
              wrap: true,
              cell: (r) => (
                <>
                  <Link
                    href={`/admin/tenants/${encodeURIComponent(r.schema)}`}
                    className="font-semibold text-indigo-800 underline underline-offset-4"
                  >
                    {r.name}
                  </Link>{' '}
                  <span className="font-mono text-xs text-slate-700">{r.schema}</span>
                </>
              ),
            },
            { key: 'requests', header: t('requests'), numeric: true, cell: (r) => n(r.requests) },
            { key: 'db', header: t('dbTime'), numeric: true, cell: (r) => dbTime(r.dbMs) },
            { key: 'throttled', header: t('throttled'), numeric: true, cell: (r) => n(r.throttled) },
            { key: 'refused', header: t('refused'), numeric: true, cell: (r) => n(r.refused) },
          ]}
        />
      )}
    </Card>
  );
}
