import { afterEach, describe, expect, it } from 'vitest';
import { defaultPerTenant } from './fair-share';

describe('the default per-tenant cap (K)', () => {
  afterEach(() => {
    delete process.env.QUORUM_TENANT_CONCURRENCY;
  });

  it('is a quarter of the pool shared out among the server processes, at least 1 per process', () => {
    expect(defaultPerTenant(10, 1)).toBe(2);
    // npm start with 2 workers: one tenant holds at most 2 server connections in all, not 4.
    expect(defaultPerTenant(10, 2)).toBe(1);
    expect(defaultPerTenant(40, 2)).toBe(5);
    expect(defaultPerTenant(10, 8)).toBe(1);
    expect(defaultPerTenant(2, 1)).toBe(1);
  });

  it('QUORUM_TENANT_CONCURRENCY overrides it; a value that is not a whole number ≥ 1 is ignored', () => {
    process.env.QUORUM_TENANT_CONCURRENCY = '3';
    expect(defaultPerTenant(10, 2)).toBe(3);
    process.env.QUORUM_TENANT_CONCURRENCY = '0';
    expect(defaultPerTenant(10, 1)).toBe(2);
  });
});
