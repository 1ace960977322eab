import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTimeUtc, humanWait, isoDate, tryAgainIn } from './format';

describe('humanWait', () => {
  it('says seconds exactly under a minute, never less than one', () => {
    expect(humanWait(0)).toBe('1 second');
    expect(humanWait(0.2)).toBe('1 second');
    expect(humanWait(1)).toBe('1 second');
    expect(humanWait(2)).toBe('2 seconds');
    expect(humanWait(59)).toBe('59 seconds');
    expect(humanWait(Number.NaN)).toBe('1 second');
  });
  it('rounds minutes and hours', () => {
    expect(humanWait(60)).toBe('about a minute');
    expect(humanWait(89)).toBe('about a minute');
    expect(humanWait(90)).toBe('about 2 minutes');
    expect(humanWait(886)).toBe('about 15 minutes');
    expect(humanWait(3599)).toBe('about an hour');
    expect(humanWait(3600)).toBe('about an hour');
    expect(humanWait(7200)).toBe('about 2 hours');
  });
  it('ends the rate-limit sentences', () => {
    expect(tryAgainIn(886)).toBe('try again in about 15 minutes');
    expect(tryAgainIn(1)).toBe('try again in 1 second');
  });
});

describe('dates', () => {
  it('formats one way for Date, ISO timestamp and YYYY-MM-DD day (UTC)', () => {
    expect(formatDate(new Date('2026-11-23T23:30:00Z'))).toBe('23 Nov 2026');
    expect(formatDate('2026-11-23T23:30:00Z')).toBe('23 Nov 2026');
    expect(formatDate('2031-06-30')).toBe('30 Jun 2031');
    expect(formatDateTimeUtc('2027-01-31T18:00:00Z')).toBe('31 Jan 2027, 18:00 UTC');
    expect(isoDate('2031-06-30')).toBe('2031-06-30T00:00:00.000Z');
  });
});
