// Dates come from the one shared formatter (lib/infra/format.ts), so every page writes them alike.
export { formatDateIn, formatDateTimeIn, formatDateTimeLocalIn, formatDateTimeUtcIn, intlLocale, isoDate } from '@/lib/infra/format';

/** Whole-number percentage of part in total (0 when total is 0). */
export function percent(part: number, total: number): number {
  return total > 0 ? Math.round((part / total) * 100) : 0;
}
