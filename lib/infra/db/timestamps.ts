import pg from 'pg';
import { NativeDate } from '@/lib/infra/native-date';

// timestamptz and timestamp columns as Dates, exactly as pg's own parser (postgres-date) makes
// them, but made with the engine's Date (../native-date.ts) and without postgres-date's three
// regular expressions for the one form PostgreSQL sends for ordinary dates:
//   YYYY-MM-DD HH:MM:SS[.ffffff][±HH[:MM[:SS]]]
// Anything else (BC, infinity, years before 100, another DateStyle) goes to postgres-date.

const ORIGINAL = Symbol.for('quorum.postgresDate');
const store = globalThis as unknown as Record<symbol, ((v: string) => unknown) | undefined>;
const OURS = Symbol('quorum.timestamp');

const registered = pg.types.getTypeParser(1184, 'text') as ((v: string) => unknown) & { [OURS]?: true };
// Another copy of this module may have installed its parser on this pg already: keep the first original.
if (!store[ORIGINAL] && !registered[OURS]) store[ORIGINAL] = registered;
const slow = store[ORIGINAL] ?? ((v: string) => v);

const FORM = /^(\d{4,})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(\.\d{1,6})?(?:([+-])(\d\d)(?::(\d\d))?(?::(\d\d))?)?$/;

/** A timestamp(tz) as PostgreSQL writes it, as a Date (or what postgres-date makes of the rest). */
export const parseTimestamp = Object.assign(
  (value: string): unknown => {
    const m = FORM.exec(value);
    if (!m) return slow(value);
    const year = Number(m[1]);
    // Date.UTC and the Date constructor read years 0–99 as 1900–1999.
    if (year < 100) return slow(value);
    // As postgres-date: 1000 × the fraction, which Date.UTC and the constructor truncate.
    const ms = m[7] ? 1000 * parseFloat(m[7]) : 0;
    const month = Number(m[2]) - 1;
    const day = Number(m[3]);
    const hour = Number(m[4]);
    const minute = Number(m[5]);
    const second = Number(m[6]);
    if (m[8] === undefined) return new NativeDate(year, month, day, hour, minute, second, ms);
    const offset = (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 3600 + Number(m[10] ?? 0) * 60 + Number(m[11] ?? 0)) * 1000;
    return new NativeDate(Date.UTC(year, month, day, hour, minute, second, ms) - offset);
  },
  { [OURS]: true as const },
);

/** pg's own parser for what parseTimestamp leaves to it (for tests). */
export const postgresDate = slow;

/** timestamptz (1184) and timestamp (1114) columns through parseTimestamp. */
export function installTimestampParsers(): void {
  pg.types.setTypeParser(1184, parseTimestamp);
  pg.types.setTypeParser(1114, parseTimestamp);
}
