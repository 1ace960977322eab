import { describe, expect, it } from 'vitest';
import { affinityIndex, nodeAliasIndex } from './pool';

const SCHEMAS = Array.from({ length: 40 }, (_, i) => `t_${i}`);

describe('nodeAliasIndex (DATABASE_AFFINITY_BY=node)', () => {
  it('one alias per worker: the worker’s slot, whatever the name', () => {
    for (const s of SCHEMAS) {
      expect(nodeAliasIndex(s, { slot: 0, workers: 2 }, 2)).toBe(0);
      expect(nodeAliasIndex(s, { slot: 1, workers: 2 }, 2)).toBe(1);
    }
  });

  it('fewer aliases than workers: workers share, slot mod aliases', () => {
    expect([0, 1, 2].map((slot) => nodeAliasIndex('t_1', { slot, workers: 3 }, 2))).toEqual([0, 1, 0]);
  });

  it('more aliases than workers: a worker’s tenants spread over its own aliases only, by the hash', () => {
    const of = (slot: number) => SCHEMAS.map((s) => nodeAliasIndex(s, { slot, workers: 2 }, 4));
    expect(new Set(of(0))).toEqual(new Set([0, 2]));
    expect(new Set(of(1))).toEqual(new Set([1, 3]));
    expect(of(0)).toEqual(SCHEMAS.map((s) => 2 * affinityIndex(s, 2)));
    // 4 aliases, 3 workers: one each, the fourth unused.
    expect(new Set(SCHEMAS.map((s) => nodeAliasIndex(s, { slot: 2, workers: 3 }, 4)))).toEqual(new Set([2]));
  });
});
