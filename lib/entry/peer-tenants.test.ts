import { describe, expect, it } from 'vitest';
import { othersOf } from './peer-tenants';

describe('othersOf (what the primary tells a worker of the other workers)', () => {
  it('is up to two distinct tenants of the OTHER workers, never the worker’s own word', () => {
    const said = new Map<number, string[]>([
      [1, ['a']],
      [2, ['b']],
      [3, ['b', 'c']],
    ]);
    expect(othersOf(said, 1)).toEqual(['b', 'c']);
    expect(othersOf(said, 2)).toEqual(['a', 'b']);
    expect(othersOf(new Map([[1, ['a', 'b']]]), 1)).toEqual([]);
    expect(
      othersOf(
        new Map([
          [1, ['a']],
          [2, ['a']],
        ]),
        1,
      ),
    ).toEqual(['a']);
    expect(
      othersOf(
        new Map([
          [1, []],
          [2, []],
        ]),
        2,
      ),
    ).toEqual([]);
  });
});
