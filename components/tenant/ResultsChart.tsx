import { useFormatter, useTranslations } from 'next-intl';
import type { PollView } from '@/lib/features/polls/polls';
import { percent } from './format';

/**
 * Results as a horizontal bar chart drawn with divs. Every bar has its numbers as text next
 * to it (the bars themselves are decorative), so screen readers read a plain list.
 */
export function ResultsChart({ poll }: { poll: PollView }) {
  const t = useTranslations('polls.results');
  const format = useFormatter();
  const total = poll.total_votes;
  if (total === null) {
    // Counts are withheld by the query itself (hide_results): there is nothing to draw.
    return (
      <section aria-labelledby="results-title" className="space-y-2" data-testid="results-hidden">
        <h2 id="results-title" className="text-lg font-semibold text-slate-900">
          {t('title')}
        </h2>
        <p className="text-sm text-slate-800">{t('hidden')}</p>
      </section>
    );
  }
  return (
    <figure aria-labelledby="results-title" className="space-y-3">
      <figcaption id="results-title" className="flex flex-wrap items-baseline justify-between gap-2">
        <span className="text-lg font-semibold text-slate-900">{t('title')}</span>
        <span className="text-sm text-slate-700" data-testid="total-votes">
          {t('total', { count: total })}
        </span>
      </figcaption>
      <ol className="space-y-3" aria-label={t('perChoice')}>
        {poll.choices.map((c) => {
          const votes = c.votes ?? 0;
          // Rounded to a whole percent first (as always), then written the reader's way: "33%", "33 %".
          const pct = format.number(percent(votes, total) / 100, { style: 'percent' });
          const mine = poll.my_choice_id === c.id;
          return (
            <li key={c.id} data-testid="result-row">
              <div className="flex flex-wrap items-baseline justify-between gap-x-3 text-sm">
                <span className="break-words font-medium text-slate-900">
                  {c.choice_text}
                  {mine ? <span className="ml-2 text-xs font-semibold text-green-800">{t('yourVote')}</span> : null}
                </span>
                <span className="tabular-nums text-slate-800" data-testid="result-count">
                  {t('count', { count: votes, percent: pct })}
                </span>
              </div>
              <div className="mt-1 h-4 w-full overflow-hidden rounded bg-slate-200" aria-hidden="true">
                <div
                  className={mine ? 'h-full rounded bg-green-700' : 'h-full rounded bg-indigo-600'}
                  style={{ width: `${total ? (votes / total) * 100 : 0}%` }}
                />
              </div>
            </li>
          );
        })}
      </ol>
    </figure>
  );
}
