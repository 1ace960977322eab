import { intlLocale } from './format';

// Sizes as people read them (1024-based, one decimal; "12.3 MB", "12,3 MB" in German): the CLI's
// placement output (English) and the dashboard (the reader's language).
export function formatBytes(n: number, locale = 'en'): string {
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
