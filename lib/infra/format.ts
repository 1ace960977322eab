// How people read times and waits, in one place (issue 24, item 24): every page, sentence and API
// error formats dates and "try again in …" through these, so they read the same everywhere.
// Pure (Intl only): used by the server, the API, the tenancy core and client components alike.

const dateFmt = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });
const dateTimeFmt = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

function asDate(d: Date | string): Date {
  return typeof d === 'string' ? new Date(/^\d{4}-\d{2}-\d{2}$/.test(d) ? `${d}T00:00:00Z` : d) : d;
}

/** "23 Nov 2026" (the UTC day). Accepts a Date, an ISO timestamp or a YYYY-MM-DD day. */
export function formatDate(d: Date | string): string {
  return dateFmt.format(asDate(d));
}

/** "31 Jan 2027, 18:00 UTC". */
export function formatDateTimeUtc(d: Date | string): string {
  return `${dateTimeFmt.format(asDate(d))} UTC`;
}

/** The ISO form for a `<time dateTime>` attribute. */
export function isoDate(d: Date | string): string {
  return asDate(d).toISOString();
}

function unit(n: number, one: string): string {
  return `${n} ${one}${n === 1 ? '' : 's'}`;
}

/**
 * A wait as people say it: exact seconds under a minute ("2 seconds"), then rounded ("about a
 * minute", "about 15 minutes", "about 2 hours"). Never less than 1 second.
 */
export function humanWait(seconds: number): string {
  const s = Math.max(1, Math.ceil(Number.isFinite(seconds) ? seconds : 1));
  if (s < 60) return unit(s, 'second');
  const minutes = Math.round(s / 60);
  if (minutes < 60) return minutes === 1 ? 'about a minute' : `about ${minutes} minutes`;
  const hours = Math.round(s / 3600);
  return hours === 1 ? 'about an hour' : `about ${hours} hours`;
}

/** "try again in about 15 minutes": the one ending of every rate-limit sentence. */
export function tryAgainIn(seconds: number): string {
  return `try again in ${humanWait(seconds)}`;
}
