import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import type { PollView } from '@/lib/features/polls/polls';
import { Badge } from '@/components/ui';
import { formatDateIn, isoDate } from './format';
import { LocalTime } from './LocalTime';

/**
 * The tenant's polls: question (link), author, date, open or closed with the closing time (in the
 * reader's time zone), total votes (unless the poll hides them from this viewer).
 */
export function PollList({ polls }: { polls: PollView[] }) {
  const t = useTranslations('polls.list');
  const locale = useLocale();
  return (
    <ul className="divide-y divide-slate-200 overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm" aria-label={t('label')}>
      {polls.map((p) => (
        <li key={p.id} className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 px-4 py-4 sm:px-5">
          <div className="min-w-0 flex-1">
            <Link
              href={`/polls/${p.id}`}
              className="break-words font-semibold text-indigo-800 underline-offset-4 hover:underline focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
            >
              {p.question}
            </Link>
            <p className="mt-1 text-sm text-slate-700">
              {t.rich('byline', {
                author: p.author ?? t('formerUser'),
                date: formatDateIn(locale, p.pub_date),
                when: (chunks) => <time dateTime={isoDate(p.pub_date)}>{chunks}</time>,
              })}
            </p>
            {p.closes_at ? (
              <p className="mt-1 text-sm text-slate-700" data-testid="poll-closes">
                {t.rich(p.closed ? 'closedOn' : 'closesOn', { when: () => <LocalTime iso={isoDate(p.closes_at!)} /> })}
              </p>
            ) : null}
          </div>
          <div className="flex flex-wrap items-center gap-2">
            {p.closed ? <Badge tone="neutral">{t('closed')}</Badge> : <Badge tone="info">{t('open')}</Badge>}
            {p.my_choice_id !== null ? <Badge tone="success">{t('youVoted')}</Badge> : null}
            {p.total_votes === null ? (
              <span className="text-sm text-slate-700">{t('resultsAfterVote')}</span>
            ) : (
              <span className="text-sm font-medium text-slate-800">{t('votes', { count: p.total_votes })}</span>
            )}
          </div>
        </li>
      ))}
    </ul>
  );
}
