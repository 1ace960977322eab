import Link from 'next/link';
import type { PollView } from '@/lib/features/polls/polls';
import { Badge } from '@/components/ui';
import { formatDate, isoDate, plural } from './format';
import { LocalTime } from './LocalTime';

/**
 * The tenant's polls: question (link), author, date, open or closed with the closing time (in the
 * reader's time zone), total votes (unless the poll hides them from this viewer).
 */
export function PollList({ polls }: { polls: PollView[] }) {
  return (
    <ul className="divide-y divide-slate-200 overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm" aria-label="Polls">
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
              by {p.author ?? 'a former user'} · <time dateTime={isoDate(p.pub_date)}>{formatDate(p.pub_date)}</time>
            </p>
            {p.closes_at ? (
              <p className="mt-1 text-sm text-slate-700" data-testid="poll-closes">
                {p.closed ? 'Closed on ' : 'Closes on '}
                <LocalTime iso={isoDate(p.closes_at)} />
              </p>
            ) : null}
          </div>
          <div className="flex flex-wrap items-center gap-2">
            {p.closed ? <Badge tone="neutral">Closed</Badge> : <Badge tone="info">Open</Badge>}
            {p.my_choice_id !== null ? <Badge tone="success">You voted</Badge> : null}
            {p.total_votes === null ? (
              <span className="text-sm text-slate-700">Results after you vote</span>
            ) : (
              <span className="text-sm font-medium text-slate-800">{plural(p.total_votes, 'vote')}</span>
            )}
          </div>
        </li>
      ))}
    </ul>
  );
}
