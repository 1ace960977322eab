// Dates come from the one shared formatter (lib/infra/format.ts), so every page writes them alike.
export { isoDate } from '@/lib/infra/format';

/** Whole-number percentage of part in total (0 when total is 0). */
export function percent(part: number, total: number): number {
  return total > 0 ? Math.round((part / total) * 100) : 0;
}

// The same dates in the reader's language (issue 25, part 3): the options of lib/infra/format.ts,
// with the active locale. The UI's English is British ("organisation", "23 Nov 2026, 18:00"), so
// `en` formats as en-GB and reads exactly as before; every other language formats as itself.

/** The Intl locale for a UI language. */
export function intlLocale(locale: string): string {
  return locale === 'en' ? 'en-GB' : locale;
}

function asDate(d: Date | string): Date {
  return typeof d === 'string' ? new Date(/^\d{4}-\d{2}-\d{2}$/.test(d) ? `${d}T00:00:00Z` : d) : d;
}

/** "23 Nov 2026" / "23.11.2026" (the UTC day). */
export function formatDateIn(locale: string, d: Date | string): string {
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'medium', timeZone: 'UTC' }).format(asDate(d));
}

/** "31 Jan 2027, 18:00" / "31.01.2027, 18:00" (UTC; the caller's sentence says so). */
export function formatDateTimeIn(locale: string, d: Date | string): string {
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(asDate(d));
}

/** "31 Jan 2027, 18:00 UTC" / "31.01.2027, 18:00 UTC". */
export function formatDateTimeUtcIn(locale: string, d: Date | string): string {
  return `${new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(asDate(d))} UTC`;
}

/** "31 Jan 2027, 19:00 CET" / "31. Jan. 2027, 19:00 MEZ": in the time zone of whoever runs it (the browser, for LocalTime). */
export function formatDateTimeLocalIn(locale: string, d: Date | string): string {
  return new Intl.DateTimeFormat(intlLocale(locale), {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(asDate(d));
}
