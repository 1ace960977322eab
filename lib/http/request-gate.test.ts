import { describe, expect, it } from 'vitest';
import { checkRate, refusalPage, TokenBuckets, type RateSettings } from './request-gate';

const settings = (o: Partial<RateSettings> = {}): RateSettings => ({ tenant: 0, address: 0, burstSeconds: 2, processes: 1, ...o });
const tenant = (o: { rateLimit?: number | null; rateLimitPerAddress?: number | null } = {}) => ({
  id: 7,
  rateLimit: null,
  rateLimitPerAddress: null,
  ...o,
});

describe('token buckets', () => {
  it('admit a burst of rate × burst seconds, then one per 1/rate seconds, and say how long to wait', () => {
    let now = 0;
    const b = new TokenBuckets(() => now);
    for (let i = 0; i < 20; i++) expect(b.take('k', 10, 2)).toBe(0);
    expect(b.take('k', 10, 2)).toBeCloseTo(0.1);
    now += 100;
    expect(b.take('k', 10, 2)).toBe(0);
    expect(b.take('k', 10, 2)).toBeGreaterThan(0);
  });
});

describe('checkRate', () => {
  it('no limits by default; a tenant override wins; 0 means none', () => {
    const b = new TokenBuckets(() => 0);
    for (let i = 0; i < 100; i++) expect(checkRate(b, settings(), tenant(), '1.2.3.4')).toBeNull();
    for (let i = 0; i < 100; i++) expect(checkRate(b, settings({ tenant: 1 }), tenant({ rateLimit: 0 }), '1.2.3.4')).toBeNull();
    for (let i = 0; i < 4; i++) expect(checkRate(b, settings(), tenant({ rateLimit: 2 }), null)).toBeNull();
    expect(checkRate(b, settings(), tenant({ rateLimit: 2 }), null)).toMatchObject({
      retryAfterSeconds: 1,
      message: 'This organisation is receiving more requests than its limit; try again in 1 second.',
    });
  });

  it('counts each address within a tenant on its own', () => {
    const b = new TokenBuckets(() => 0);
    const s = settings({ address: 1 });
    expect(checkRate(b, s, tenant(), 'a')).toBeNull();
    expect(checkRate(b, s, tenant(), 'a')).toBeNull();
    expect(checkRate(b, s, tenant(), 'a')?.message).toMatch(/from one address/);
    expect(checkRate(b, s, tenant(), 'b')).toBeNull();
  });

  it('splits the limit over the server processes', () => {
    const b = new TokenBuckets(() => 0);
    const s = settings({ tenant: 10, processes: 2 }); // 5/s here, a burst of 10
    let admitted = 0;
    for (let i = 0; i < 30; i++) if (!checkRate(b, s, tenant(), null)) admitted++;
    expect(admitted).toBe(10);
  });
});

it('the refusal page escapes its sentence', () => {
  expect(refusalPage(429, '<b>x</b>')).toContain('&#60;b&#62;x&#60;/b&#62;');
});
