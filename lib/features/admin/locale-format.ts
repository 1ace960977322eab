// Times and numbers of the superuser area in the reader's language (dates: lib/infra/format.ts;
// sizes: lib/infra/format-bytes.ts). English keeps the British forms ("14:05", "0.125").
import { intlLocale } from '@/lib/infra/format';

/** Hours and minutes in UTC ("14:05"). */
export function formatHourMinute(d: Date, locale: string): string {
  return new Intl.DateTimeFormat(intlLocale(locale), { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }).format(d);
}

/** A number with a fixed count of decimals ("0.125"; "0,125" in German), as toFixed. */
export function formatFixed(n: number, digits: number, locale: string): string {
  return new Intl.NumberFormat(intlLocale(locale), {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    useGrouping: false,
  }).format(n);
}
