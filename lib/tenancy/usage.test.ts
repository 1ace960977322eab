import { afterEach, describe, expect, it } from 'vitest';
import {
  countDbTime,
  countRefused,
  countRequest,
  countThrottled,
  enableUsage,
  mergeUsage,
  restoreUsage,
  takeUsage,
  type UsageCounts,
} from './usage';

afterEach(() => {
  enableUsage(false);
  takeUsage();
});

const counts = (requests: number, dbMs: number, throttled: number, refused: number): UsageCounts => ({
  requests,
  dbMs,
  throttled,
  refused,
});

describe('usage accumulator', () => {
  it('counts nothing until a flusher turns it on', () => {
    takeUsage();
    countRequest('a');
    countDbTime('a', 5);
    countThrottled('a');
    countRefused('a', new Error('x'));
    expect(takeUsage().tenants.size).toBe(0);
  });

  it('keeps each tenant apart and hands over a window once', () => {
    enableUsage();
    takeUsage(1000);
    countRequest('a');
    countRequest('a');
    countRequest('b');
    countDbTime('a', 2.5);
    countDbTime('b', 0); // nothing to add
    countThrottled('b');
    const busy = new Error('busy');
    countRefused('a', busy);
    countRefused('a', busy); // the same error through a nested withTenant: once
    countRefused('a', 'not an object');
    const w = takeUsage(2000);
    expect(w.since).toBe(1000);
    expect(Object.fromEntries(w.tenants)).toEqual({ a: counts(2, 2.5, 0, 2), b: counts(1, 0, 1, 0) });
    const next = takeUsage(3000);
    expect(next.since).toBe(2000);
    expect(next.tenants.size).toBe(0);
  });

  it('a window put back (a failed flush) is added to what was counted since, from its start', () => {
    enableUsage();
    takeUsage(1000);
    countRequest('a');
    const failed = takeUsage(2000);
    countRequest('a');
    countRequest('c');
    restoreUsage(failed);
    const w = takeUsage(3000);
    expect(w.since).toBe(1000);
    expect(Object.fromEntries(w.tenants)).toEqual({ a: counts(2, 0, 0, 0), c: counts(1, 0, 0, 0) });
  });

  it('mergeUsage adds field by field and copies new tenants', () => {
    const src = new Map([['b', counts(1, 2, 3, 4)]]);
    const into = mergeUsage(
      new Map([
        ['a', counts(1, 1, 1, 1)],
        ['b', counts(10, 20, 30, 40)],
      ]),
      src,
    );
    expect(Object.fromEntries(into)).toEqual({ a: counts(1, 1, 1, 1), b: counts(11, 22, 33, 44) });
    const fresh = mergeUsage(new Map(), src);
    fresh.get('b')!.requests++;
    expect(src.get('b')!.requests).toBe(1);
  });
});
