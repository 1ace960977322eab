// How people read times and waits, in one place (issue 24, item 24): every page, sentence and API
// error formats dates and "try again in …" through these, so they read the same everywhere.
// Pure (Intl only): used by the server, the API, the tenancy core and client components alike.

/** The Intl locale of a UI language: the UI's English is British ("23 Nov 2026, 18:00"). */
export function intlLocale(locale: string): string {
  return locale === 'en' ? 'en-GB' : locale;
}

function asDate(d: Date | string): Date {
  return typeof d === 'string' ? new Date(/^\d{4}-\d{2}-\d{2}$/.test(d) ? `${d}T00:00:00Z` : d) : d;
}

const formats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(locale: string, kind: 'date' | 'dateTime' | 'local'): Intl.DateTimeFormat {
  const key = `${locale} ${kind}`;
  let f = formats.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      kind === 'date'
        ? { dateStyle: 'medium', timeZone: 'UTC' }
        : kind === 'dateTime'
          ? { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }
          : { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' };
    f = new Intl.DateTimeFormat(intlLocale(locale), options);
    // The local kind follows the time zone of whoever runs it: not kept (a browser may change it).
    if (kind !== 'local') formats.set(key, f);
  }
  return f;
}

/** "23 Nov 2026" / "23.11.2026" (the UTC day). Accepts a Date, an ISO timestamp or a YYYY-MM-DD day. */
export function formatDateIn(locale: string, d: Date | string): string {
  return dateFormat(locale, 'date').format(asDate(d));
}

/** "31 Jan 2027, 18:00" / "31.01.2027, 18:00" (UTC; the caller's sentence says so). */
export function formatDateTimeIn(locale: string, d: Date | string): string {
  return dateFormat(locale, 'dateTime').format(asDate(d));
}

/** "31 Jan 2027, 18:00 UTC" / "31.01.2027, 18:00 UTC". */
export function formatDateTimeUtcIn(locale: string, d: Date | string): string {
  return `${formatDateTimeIn(locale, d)} UTC`;
}

/** "31 Jan 2027, 19:00 CET" / "31. Jan. 2027, 19:00 MEZ": in the time zone of whoever runs it (the browser, for LocalTime). */
export function formatDateTimeLocalIn(locale: string, d: Date | string): string {
  return dateFormat(locale, 'local').format(asDate(d));
}

/** "23 Nov 2026": English, for the API, the CLI and sentences in English. */
export function formatDate(d: Date | string): string {
  return formatDateIn('en', d);
}

/** "31 Jan 2027, 18:00 UTC": English. */
export function formatDateTimeUtc(d: Date | string): string {
  return formatDateTimeUtcIn('en', d);
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
