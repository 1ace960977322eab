// Dates come from the one shared formatter (lib/infra/format.ts), so every page writes them alike.
export { formatDate, isoDate } from '@/lib/infra/format';

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Whole-number percentage of part in total (0 when total is 0). */
export function percent(part: number, total: number): number {
  return total > 0 ? Math.round((part / total) * 100) : 0;
}
