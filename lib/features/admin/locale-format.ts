// Dates and times of the superuser area in the reader's language. English keeps the British
// forms every page used before ("23 Nov 2026", "14:05"); German reads "23.11.2026", "14:05".

/** The Intl locale of a UI language (English is British English here). */
export const intlLocale = (locale: string): string => (locale === 'en' ? 'en-GB' : locale);

function asDate(d: Date | string): Date {
  return typeof d === 'string' ? new Date(/^\d{4}-\d{2}-\d{2}$/.test(d) ? `${d}T00:00:00Z` : d) : d;
}

/** The UTC day of a Date, ISO timestamp or YYYY-MM-DD ("23 Nov 2026" in English). */
export function formatDay(d: Date | string, locale: string): string {
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'medium', timeZone: 'UTC' }).format(asDate(d));
}

/** Hours and minutes in UTC ("14:05"). */
export function formatHourMinute(d: Date, locale: string): string {
  return new Intl.DateTimeFormat(intlLocale(locale), { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }).format(d);
}

/** A size, 1024-based with one decimal ("12.3 MB"; "12,3 MB" in German), as formatBytes. */
export function formatSize(n: number, locale: string): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  const nf = new Intl.NumberFormat(intlLocale(locale), {
    minimumFractionDigits: i === 0 ? 0 : 1,
    maximumFractionDigits: i === 0 ? 20 : 1,
    useGrouping: false,
  });
  return `${nf.format(v)} ${units[i]}`;
}

/** A number with a fixed count of decimals ("0.125"; "0,125" in German), as toFixed. */
export function formatFixed(n: number, digits: number, locale: string): string {
  return new Intl.NumberFormat(intlLocale(locale), {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    useGrouping: false,
  }).format(n);
}
