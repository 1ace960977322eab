'use client';

import { useSyncExternalStore } from 'react';

import { formatDateTimeLocal, formatDateTimeUtc } from '@/lib/infra/format';

/** "31 Jan 2027, 18:00 UTC": what the server renders, and the hover text once the local time shows. */
function utcDateTime(iso: string): string {
  return formatDateTimeUtc(iso);
}

/** The reader's time zone does not change while the page is open: nothing to subscribe to. */
const noSubscription = () => () => {};

/**
 * A date and time in the reader's time zone ("31 Jan 2027, 19:00 CET"), with the UTC time on hover.
 * The server cannot know the reader's zone: it renders UTC, and the browser swaps in local time.
 */
export function LocalTime({ iso, className }: { iso: string; className?: string }) {
  const utc = utcDateTime(iso);
  // The server snapshot (null) renders UTC; the browser's snapshot is the local time.
  const local = useSyncExternalStore(
    noSubscription,
    () => formatDateTimeLocal(iso),
    () => null,
  );
  return (
    <time dateTime={iso} title={utc} className={className} data-utc={utc}>
      {local ?? utc}
    </time>
  );
}
