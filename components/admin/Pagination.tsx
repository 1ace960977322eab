import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { buttonClass } from '@/components/ui';
import { listHref, type ListParams } from '@/lib/features/admin/list-params';

function PageLink({ href, rel, children }: { href: string | null; rel: 'prev' | 'next'; children: string }) {
  const t = useTranslations('admin.pagination');
  const label = (
    <>
      {children}
      <span className="sr-only">{t('pageSr')}</span>
    </>
  );
  if (!href) {
    return (
      <span className={buttonClass('secondary', 'px-3 py-1.5 cursor-not-allowed border-slate-200 text-slate-500')} aria-disabled="true">
        {label}
      </span>
    );
  }
  return (
    <Link href={href} className={buttonClass('secondary', 'px-3 py-1.5')} rel={rel}>
      {label}
    </Link>
  );
}

/** "Showing 21–40 of 53" with previous/next links; the URL carries the page. Nothing when there are no tenants. */
export function Pagination({ params, total }: { params: ListParams; total: number }) {
  const t = useTranslations('admin.pagination');
  if (total === 0) return null;
  const pages = Math.max(1, Math.ceil(total / params.per));
  const from = Math.min(total, (params.page - 1) * params.per + 1);
  const to = Math.min(total, params.page * params.per);
  const prev = params.page > 1 ? listHref(params, { page: Math.min(params.page - 1, pages) }) : null;
  const next = params.page < pages ? listHref(params, { page: params.page + 1 }) : null;
  return (
    <nav aria-label={t('label')} className="mt-4 flex flex-wrap items-center justify-between gap-3 text-sm text-slate-800">
      <p data-testid="page-summary">{t('summary', { empty: String(from > to), page: params.page, from, to, total, pages })}</p>
      {pages > 1 || params.page > 1 ? (
        <div className="flex gap-2">
          <PageLink href={prev} rel="prev">
            {t('previous')}
          </PageLink>
          <PageLink href={next} rel="next">
            {t('next')}
          </PageLink>
        </div>
      ) : null}
    </nav>
  );
}
