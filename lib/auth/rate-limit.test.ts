import { beforeEach, describe, expect, it } from 'vitest';
import { LOGIN_LIMITS, loginAttempt, loginSucceeded, resetLoginLimits } from './rate-limit';

// Unit level; the HTTP behaviour (429 + Retry-After + sentence) is in test/integration/hostile.test.ts.
const T0 = 1_800_000_000_000;

beforeEach(() => resetLoginLimits());

describe('login rate limit', () => {
  it(`allows ${LOGIN_LIMITS.perAccount} attempts per account and window, then says how long to wait`, () => {
    for (let i = 0; i < LOGIN_LIMITS.perAccount; i++) expect(loginAttempt('acme', 'a@x.test', `10.0.0.${i}`, T0 + i)).toBeNull();
    const wait = loginAttempt('acme', 'A@X.test ', '10.0.1.1', T0 + 1000); // same account, other spelling and address
    expect(wait).toBe(Math.ceil((LOGIN_LIMITS.windowMs - 1000) / 1000));
    // After the window the account may try again.
    expect(loginAttempt('acme', 'a@x.test', '10.0.1.2', T0 + LOGIN_LIMITS.windowMs + 1)).toBeNull();
  });

  it('counts accounts per tenant: the same email on another tenant is another account', () => {
    for (let i = 0; i < LOGIN_LIMITS.perAccount + 1; i++) loginAttempt('acme', 'a@x.test', `10.0.0.${i}`, T0);
    expect(loginAttempt('acme', 'a@x.test', '10.9.9.9', T0)).not.toBeNull();
    expect(loginAttempt('globex', 'a@x.test', '10.9.9.8', T0)).toBeNull();
    expect(loginAttempt('root', 'a@x.test', '10.9.9.7', T0)).toBeNull();
  });

  it(`allows ${LOGIN_LIMITS.perAddress} attempts per address across accounts and tenants`, () => {
    for (let i = 0; i < LOGIN_LIMITS.perAddress; i++)
      expect(loginAttempt(i % 2 ? 'acme' : 'globex', `u${i}@x.test`, '192.0.2.1', T0)).toBeNull();
    expect(loginAttempt('initech', 'new@x.test', '192.0.2.1', T0)).not.toBeNull();
    expect(loginAttempt('initech', 'new@x.test', '192.0.2.2', T0)).toBeNull();
    // Without a known address only the account limit applies.
    expect(loginAttempt('initech', 'other@x.test', null, T0)).toBeNull();
  });

  it("a successful login clears the account's failures (not the address's)", () => {
    for (let i = 0; i < LOGIN_LIMITS.perAccount - 1; i++) loginAttempt('acme', 'a@x.test', '198.51.100.1', T0);
    loginSucceeded('acme', 'A@x.test');
    for (let i = 0; i < LOGIN_LIMITS.perAccount; i++) expect(loginAttempt('acme', 'a@x.test', `198.51.100.${i + 2}`, T0)).toBeNull();
  });
});
