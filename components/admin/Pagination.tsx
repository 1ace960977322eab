import Link from 'next/link';
import { buttonClass } from '@/components/ui';
import { listHref, type ListParams } from '@/lib/admin/list-params';

/** "Showing 21–40 of 53" with previous/next links; the URL carries the page. */
export function Pagination({ params, total }: { params: ListParams; total: number }) {
  const pages = Math.max(1, Math.ceil(total / params.per));
  const from = total === 0 ? 0 : Math.min(total, (params.page - 1) * params.per + 1);
  const to = Math.min(total, params.page * params.per);
  const prev = params.page > 1 ? listHref(params, { page: Math.min(params.page - 1, pages) }) : null;
  const next = params.page < pages ? listHref(params, { page: params.page + 1 }) : null;
  const link = buttonClass('secondary', 'px-3 py-1.5');
  return (
    <nav aria-label="Pagination" className="mt-4 flex flex-wrap items-center justify-between gap-3 text-sm text-slate-800">
      <p data-testid="page-summary">
        {from > to ? `No tenants on page ${params.page}` : `Showing ${from}–${to} of ${total}`} · page {params.page} of {pages}
      </p>
      <div className="flex gap-2">
        {prev ? (
          <Link href={prev} className={link} rel="prev">
            Previous<span className="sr-only"> page</span>
          </Link>
        ) : (
          <span className={buttonClass('secondary', 'px-3 py-1.5 cursor-not-allowed text-slate-500')} aria-disabled="true">
            Previous<span className="sr-only"> page</span>
          </span>
        )}
        {next ? (
          <Link href={next} className={link} rel="next">
            Next<span className="sr-only"> page</span>
          </Link>
        ) : (
          <span className={buttonClass('secondary', 'px-3 py-1.5 cursor-not-allowed text-slate-500')} aria-disabled="true">
            Next<span className="sr-only"> page</span>
          </span>
        )}
      </div>
    </nav>
  );
}
