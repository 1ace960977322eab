'use client';

import { useSyncExternalStore } from 'react';

const utcFmt = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

/** "31 Jan 2027, 18:00 UTC": what the server renders, and the hover text once the local time shows. */
export function utcDateTime(iso: string): string {
  return `${utcFmt.format(new Date(iso))} UTC`;
}

const localFmt = () =>
  new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  });

function localDateTime(iso: string): string {
  return localFmt().format(new Date(iso));
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
    () => localDateTime(iso),
    () => null,
  );
  return (
    <time dateTime={iso} title={utc} className={className} data-utc={utc}>
      {local ?? utc}
    </time>
  );
}
