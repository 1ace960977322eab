import type { ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import { Card } from '@/components/ui';

/** The audit pages' filter: a GET form (the filters live in the URL), its fields, and Filter. */
export function AuditFilter({ children }: { children: ReactNode }) {
  const t = useTranslations('audit.filter');
  return (
    <Card title={t('title')}>
      <form method="get" className="flex flex-wrap items-end gap-4 text-sm" aria-label={t('label')}>
        {children}
        <button type="submit" className="rounded bg-indigo-700 px-3 py-1.5 font-medium text-white">
          {t('submit')}
        </button>
      </form>
    </Card>
  );
}

/** One labelled control of the filter. */
export function AuditFilterField({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="flex flex-col gap-1">
      <span className="font-medium text-slate-800">{label}</span>
      {children}
    </label>
  );
}
