// i18n/request.ts hands every request's translators one process-wide `_cache`, so a message with
// {placeholders} or a plural is parsed once per process, not once per page. This holds next-intl to
// the two things that relies on: createTranslator keeps its parsed formats in `_cache`, and a
// translator made later with the same cache (the next request) reuses them.
import { describe, expect, it } from 'vitest';
import { _createCache, createTranslator } from 'next-intl';

describe('the process-wide message cache', () => {
  it('is where translators keep parsed messages, and the next translator reuses them', () => {
    const cache = _createCache();
    const messages = { n: { votes: '{count, plural, one {# vote} other {# votes}} for {name}' } };
    const t1 = createTranslator({ locale: 'en', messages, timeZone: 'UTC', _cache: cache });
    expect(t1('n.votes', { count: 2, name: 'A' })).toBe('2 votes for A');
    const parsed = Object.keys(cache.message);
    expect(parsed).toHaveLength(1);
    const format = cache.message[parsed[0]];
    const t2 = createTranslator({ locale: 'en', messages, timeZone: 'UTC', _cache: cache });
    expect(t2('n.votes', { count: 1, name: 'B' })).toBe('1 vote for B');
    expect(Object.keys(cache.message)).toEqual(parsed);
    expect(cache.message[parsed[0]]).toBe(format);
  });
});
