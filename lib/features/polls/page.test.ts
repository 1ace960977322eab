import { describe, expect, it } from 'vitest';
import { UserError } from '@/lib/infra/errors';
import { decodeCursor, encodeCursor, pageParams, toPage } from './page';

describe('polls paging', () => {
  it('cursor round-trips exact microseconds and the id', () => {
    const c = { micros: '1798797600000001', id: 42 };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
  });
  it('refuses cursors it did not make, with a sentence', () => {
    for (const bad of ['', 'nope!', Buffer.from('1.0').toString('base64url'), Buffer.from('x.1').toString('base64url'), 'a'.repeat(65)])
      expect(() => decodeCursor(bad), bad).toThrow(UserError);
  });
  it('limit defaults to 50, is 1..100, and a bad one says so', () => {
    expect(pageParams(new URLSearchParams('')).limit).toBe(50);
    expect(pageParams(new URLSearchParams('limit=100')).limit).toBe(100);
    expect(pageParams(new URLSearchParams('limit=1&cursor=')).cursor).toBeNull();
    for (const bad of ['0', '101', '1.5', 'x', '-3', '99999'])
      expect(() => pageParams(new URLSearchParams(`limit=${bad}`)), bad).toThrow(/limit must be a whole number from 1 to 100/);
  });
  it('toPage keeps limit rows, drops page_key, and gives a cursor only when more rows came', () => {
    const rows = [1, 2, 3].map((id) => ({ id, page_key: String(1000 - id), q: `q${id}` }));
    const more = toPage(rows, 2);
    expect(more.items).toEqual([
      { id: 1, q: 'q1' },
      { id: 2, q: 'q2' },
    ]);
    expect(decodeCursor(more.next_cursor!)).toEqual({ micros: '998', id: 2 });
    expect(toPage(rows, 3).next_cursor).toBeNull();
    expect(toPage([], 3)).toEqual({ items: [], next_cursor: null });
  });
});
