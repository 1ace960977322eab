import Link from 'next/link';
import { Button, Field } from '@/components/ui';

/** Search of the polls page: a plain GET form, so the URL holds the state (works without JavaScript). */
export function PollSearch({ q }: { q: string }) {
  return (
    <form method="get" action="/" role="search" aria-label="Polls" className="mb-4 flex flex-wrap items-end gap-3">
      <div className="min-w-0 flex-1">
        <Field
          name="q"
          label="Search polls"
          type="search"
          defaultValue={q}
          placeholder="Words in the question"
          autoComplete="off"
          maxLength={200}
        />
      </div>
      <Button type="submit" variant="secondary">
        Search
      </Button>
      {q ? (
        <Link href="/" className="self-center text-sm text-indigo-800 underline underline-offset-4">
          Show all polls
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
    <nav aria-label="Pages of polls" className="mt-4 flex flex-wrap items-center justify-between gap-3">
      {newer !== null ? (
        <Link href={href('before', newer)} className={link} rel="prev">
          ← Newer polls
        </Link>
      ) : (
        <span />
      )}
      <p className="text-sm text-slate-700" data-testid="poll-page-position">
        {from === 1 && to === total ? `${total === 1 ? 'One poll' : `All ${total} polls`}` : `Polls ${from}–${to} of ${total}`}
      </p>
      {older ? (
        <Link href={href('cursor', older)} className={link} rel="next">
          Older polls →
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
