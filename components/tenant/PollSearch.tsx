import Link from 'next/link';
import { Button, Field } from '@/components/ui';

/** Search of the polls page: a plain GET form, so the URL holds the state (works without JavaScript). */
export function PollSearch({ q }: { q: string }) {
  return (
    <form method="get" action="/" role="search" aria-label="Polls" className="mb-4 flex flex-wrap items-end gap-3">
      <div className="min-w-0 flex-1">
        <Field name="q" label="Search polls" type="search" defaultValue={q} placeholder="Words in the question" autoComplete="off" />
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

/** "Older polls" (the next page after the cursor) and "Newest polls" (back to page one), keeping the search. */
export function PollPager({ q, nextCursor, onLaterPage }: { q: string; nextCursor: string | null; onLaterPage: boolean }) {
  if (!nextCursor && !onLaterPage) return null;
  const href = (cursor: string | null) => {
    const sp = new URLSearchParams();
    if (q) sp.set('q', q);
    if (cursor) sp.set('cursor', cursor);
    const s = sp.toString();
    return s ? `/?${s}` : '/';
  };
  const link =
    'rounded text-sm font-semibold text-indigo-800 underline underline-offset-4 focus-visible:outline-3 focus-visible:outline-indigo-600';
  return (
    <nav aria-label="Pages of polls" className="mt-4 flex flex-wrap justify-between gap-3">
      {onLaterPage ? (
        <Link href={href(null)} className={link}>
          ← Newest polls
        </Link>
      ) : (
        <span />
      )}
      {nextCursor ? (
        <Link href={href(nextCursor)} className={link} rel="next">
          Older polls →
        </Link>
      ) : null}
    </nav>
  );
}
