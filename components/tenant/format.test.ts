import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTimeUtc } from '@/lib/infra/format';
import { formatDateIn, formatDateTimeUtcIn, intlLocale } from './format';

describe('dates in the reader’s language', () => {
  const when = new Date('2027-01-31T18:00:00Z');
  it('English reads exactly as the shared formatter', () => {
    expect(intlLocale('en')).toBe('en-GB');
    expect(formatDateIn('en', when)).toBe(formatDate(when));
    expect(formatDateIn('en', '2026-09-03')).toBe(formatDate('2026-09-03'));
    expect(formatDateTimeUtcIn('en', when)).toBe(formatDateTimeUtc(when));
  });
  it('German uses German dates', () => {
    expect(formatDateIn('de', when)).toBe('31.01.2027');
    expect(formatDateTimeUtcIn('de', when)).toBe('31.01.2027, 18:00 UTC');
  });
});
