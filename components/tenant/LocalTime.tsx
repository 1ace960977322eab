'use client';

import { useSyncExternalStore } from 'react';
import { useLocale } from 'next-intl';

import { formatDateTimeLocalIn, formatDateTimeUtcIn } from './format';

/** The reader's time zone does not change while the page is open: nothing to subscribe to. */
const noSubscription = () => () => {};

/**
 * A date and time in the reader's time zone ("31 Jan 2027, 19:00 CET"), with the UTC time on hover
 * ("31 Jan 2027, 18:00 UTC"), both in the reader's language.
 * The server cannot know the reader's zone: it renders UTC, and the browser swaps in local time.
 */
export function LocalTime({ iso, className }: { iso: string; className?: string }) {
  const locale = useLocale();
  const utc = formatDateTimeUtcIn(locale, iso);
  // The server snapshot (null) renders UTC; the browser's snapshot is the local time.
  const local = useSyncExternalStore(
    noSubscription,
    () => formatDateTimeLocalIn(locale, iso),
    () => null,
  );
  return (
    <time dateTime={iso} title={utc} className={className} data-utc={utc}>
      {local ?? utc}
    </time>
  );
}
