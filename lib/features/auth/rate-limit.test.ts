import { describe, expect, it } from 'vitest';
import { limitKeys, loginLimitsFrom } from './rate-limit';

// The counting itself runs in PostgreSQL: test/integration/login-limits.test.ts. The HTTP behaviour
// (429 + Retry-After + sentence, forged headers) is in test/integration/hostile.test.ts.
const limits = loginLimitsFrom({});

describe('login limits', () => {
  it('defaults: 10 per account, 60 per tenant and address, 120 per address, 15-minute windows', () => {
    expect(limits).toEqual({ perAccount: 10, perTenantAddress: 60, perAddress: 120, windowSeconds: 900 });
  });

  it('reads LOGIN_LIMIT_* and refuses values that are not positive integers', () => {
    expect(loginLimitsFrom({ LOGIN_LIMIT_PER_ADDRESS: '7', LOGIN_LIMIT_WINDOW_SECONDS: '60' })).toMatchObject({
      perAddress: 7,
      windowSeconds: 60,
    });
    for (const bad of ['0', '-1', '1.5', 'ten'])
      expect(() => loginLimitsFrom({ LOGIN_LIMIT_PER_ACCOUNT: bad })).toThrow(/LOGIN_LIMIT_PER_ACCOUNT must be a positive integer/);
  });

  it('counts an attempt on the account, the tenant+address and the address, in key order', () => {
    const keys = limitKeys({ scope: 'acme', email: ' A@X.test ', address: '192.0.2.1' }, limits);
    expect(keys).toEqual([
      { key: 'acct:acme:a@x.test', limit: 10 },
      { key: 'addr:192.0.2.1', limit: 120 },
      { key: 'host:acme:192.0.2.1', limit: 60 },
    ]);
  });

  it('counts IPv6 clients by their /64 and accounts per scope', () => {
    const a = limitKeys({ scope: 'acme', email: 'a@x.test', address: '2001:db8:1:2:aaaa::1' }, limits).map((k) => k.key);
    const b = limitKeys({ scope: 'globex', email: 'a@x.test', address: '2001:db8:1:2:bbbb::2' }, limits).map((k) => k.key);
    expect(a).toContain('addr:2001:db8:1:2::/64');
    expect(b).toContain('addr:2001:db8:1:2::/64');
    expect(a[0]).not.toBe(b[0]);
  });

  it('without a known address only the account is counted', () => {
    expect(limitKeys({ scope: 'root', email: 'op@x.test', address: null }, limits)).toEqual([{ key: 'acct:root:op@x.test', limit: 10 }]);
  });
});
