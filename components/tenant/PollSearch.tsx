import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { Button, Field } from '@/components/ui';

/** Search of the polls page: a plain GET form, so the URL holds the state (works without JavaScript). */
export function PollSearch({ q }: { q: string }) {
  const t = useTranslations('polls.search');
  return (
    <form method="get" action="/" role="search" aria-label={t('label')} className="mb-4 flex flex-wrap items-end gap-3">
      <div className="min-w-0 flex-1">
        <Field
          name="q"
          label={t('field')}
          type="search"
          defaultValue={q}
          placeholder={t('placeholder')}
          autoComplete="off"
          maxLength={200}
        />
      </div>
      <Button type="submit" variant="secondary">
        {t('submit')}
      </Button>
      {q ? (
        <Link href="/" className="self-center text-sm text-indigo-800 underline underline-offset-4">
          {t('showAll')}
        </Link>
      ) : null}
    </form>
  );
}

/**
 * "Newer polls" and "Older polls" (keyset pages, keeping the search) and where this page is:
 * "Polls 21–40 of 57". `newer` is '' for page one, a cursor for an earlier page, null on page one.
 */
export function PollPager({
  q,
  from,
  to,
  total,
  newer,
  older,
}: {
  q: string;
  from: number;
  to: number;
  total: number;
  newer: string | null;
  older: string | null;
}) {
  const t = useTranslations('polls.pager');
  const href = (key: 'cursor' | 'before', cursor: string) => {
    const sp = new URLSearchParams();
    if (q) sp.set('q', q);
    if (cursor) sp.set(key, cursor);
    const s = sp.toString();
    return s ? `/?${s}` : '/';
  };
  const link =
    'rounded text-sm font-semibold text-indigo-800 underline underline-offset-4 focus-visible:outline-3 focus-visible:outline-indigo-600';
  return (
    <nav aria-label={t('label')} className="mt-4 flex flex-wrap items-center justify-between gap-3">
      {newer !== null ? (
        <Link href={href('before', newer)} className={link} rel="prev">
          {t('newer')}
        </Link>
      ) : (
        <span />
      )}
      <p className="text-sm text-slate-700" data-testid="poll-page-position">
        {from === 1 && to === total ? t('all', { total }) : t('range', { from, to, total })}
      </p>
      {older ? (
        <Link href={href('cursor', older)} className={link} rel="next">
          {t('older')}
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
