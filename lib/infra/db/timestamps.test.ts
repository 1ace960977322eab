import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTimestamp, postgresDate } from './timestamps';

const two = (n: number) => String(n).padStart(2, '0');

/** What PostgreSQL writes for a timestamp(tz) in the ISO DateStyle, with any offset and fraction. */
const written = fc
  .record({
    year: fc.integer({ min: 1, max: 12000 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 31 }),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.integer({ min: 0, max: 59 }),
    second: fc.integer({ min: 0, max: 59 }),
    fraction: fc.option(fc.stringMatching(/^[0-9]{1,6}$/), { nil: undefined }),
    offset: fc.option(
      fc.record({
        sign: fc.constantFrom('+', '-'),
        h: fc.integer({ min: 0, max: 15 }),
        m: fc.option(fc.constantFrom(0, 15, 30, 45), { nil: undefined }),
        s: fc.option(fc.integer({ min: 0, max: 59 }), { nil: undefined }),
      }),
      { nil: undefined },
    ),
    bc: fc.boolean(),
  })
  .map((t) => {
    let s = `${String(t.year).padStart(4, '0')}-${two(t.month)}-${two(t.day)} ${two(t.hour)}:${two(t.minute)}:${two(t.second)}`;
    if (t.fraction) s += `.${t.fraction}`;
    if (t.offset) {
      s += `${t.offset.sign}${two(t.offset.h)}`;
      if (t.offset.m !== undefined || t.offset.s !== undefined) s += `:${two(t.offset.m ?? 0)}`;
      if (t.offset.s !== undefined) s += `:${two(t.offset.s)}`;
    }
    return t.bc ? `${s} BC` : s;
  });

const asComparable = (v: unknown) => (v instanceof Date ? { date: v.getTime() } : { other: v });

describe('parseTimestamp', () => {
  it('makes what postgres-date makes, for every form PostgreSQL writes', () => {
    fc.assert(
      fc.property(written, (s) => {
        expect(asComparable(parseTimestamp(s))).toEqual(asComparable(postgresDate(s)));
      }),
      { numRuns: 5000 },
    );
  });

  it('makes Dates (instanceof the global Date) and leaves the rest to postgres-date', () => {
    const d = parseTimestamp('2026-12-07 15:20:01.123456+05:30');
    expect(d).toBeInstanceOf(Date);
    expect((d as Date).toISOString()).toBe('2026-12-07T09:50:01.123Z');
    expect(parseTimestamp('2026-12-07 15:20:01.29+00')).toEqual(postgresDate('2026-12-07 15:20:01.29+00'));
    expect(parseTimestamp('infinity')).toBe(Infinity);
    expect(parseTimestamp('-infinity')).toBe(-Infinity);
    expect((parseTimestamp('0044-03-15 12:00:00+00 BC') as Date).getUTCFullYear()).toBe(-43);
    expect((parseTimestamp('0099-01-01 00:00:00+00') as Date).getUTCFullYear()).toBe(99);
  });
});
