import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { assertProductionReady, productionProblems, refuseUnsafeProductionStart } from './production-check';

// A production start must refuse default secrets and default database passwords (SECURITY.md,
// "production start refusal"). The server hook (instrumentation.ts → refuseUnsafeProductionStart)
// is also exercised end to end in test/integration/hostile.test.ts.

const GOOD_SECRET = randomBytes(32).toString('base64');
const GOOD_PW = randomBytes(18).toString('base64url');
const good = (over: Record<string, string | undefined> = {}): NodeJS.ProcessEnv =>
  ({
    NODE_ENV: 'production',
    AUTH_SECRET: GOOD_SECRET,
    DATABASE_URL: `postgres://quorum:${GOOD_PW}@pgbouncer:6432/quorum`,
    DIRECT_DATABASE_URL: `postgres://quorum:${GOOD_PW}@postgres:5432/quorum`,
    ...over,
  }) as NodeJS.ProcessEnv;

afterEach(() => vi.restoreAllMocks());

describe('productionProblems', () => {
  it('refuses the webhook allowance for private addresses (SSRF)', () => {
    expect(productionProblems(good({ QUORUM_WEBHOOKS_ALLOW_PRIVATE: '1' }))).toEqual([
      expect.stringMatching(/QUORUM_WEBHOOKS_ALLOW_PRIVATE/),
    ]);
    expect(productionProblems(good({ QUORUM_WEBHOOKS_ALLOW_PRIVATE: '0' }))).toEqual([]);
  });

  it('accepts a real secret and real database passwords', () => {
    expect(productionProblems(good())).toEqual([]);
    // hex secrets (openssl rand -hex 16/32) are fine too, and NEXTAUTH_SECRET is the documented alias
    expect(productionProblems(good({ AUTH_SECRET: randomBytes(16).toString('hex') }))).toEqual([]);
    expect(productionProblems(good({ AUTH_SECRET: undefined, NEXTAUTH_SECRET: GOOD_SECRET }))).toEqual([]);
    // no URL at all: npm start uses the embedded PostgreSQL with a random password
    expect(productionProblems(good({ DATABASE_URL: undefined, DIRECT_DATABASE_URL: undefined }))).toEqual([]);
    // a percent-encoded strong password, a unix-socket URL with a strong password
    expect(productionProblems(good({ DATABASE_URL: `postgres://quorum:${encodeURIComponent('p@ss/wörd#' + GOOD_PW)}@db/quorum` }))).toEqual(
      [],
    );
    expect(productionProblems(good({ DATABASE_URL: `postgres://quorum:${GOOD_PW}@/quorum?host=/var/run/postgresql` }))).toEqual([]);
  });

  it.each([
    ['missing', undefined, /AUTH_SECRET is not set/],
    ['empty', '', /AUTH_SECRET is not set/],
    ['documented development value', 'quorum-dev-secret-change-me', /default or too short/],
    ['a usual suspect, any case', 'ChangeMe', /default or too short/],
    ['too short (31 random characters)', GOOD_SECRET.slice(0, 31), /default or too short/],
    ['a repeated placeholder of 32+ characters', 'changeme'.repeat(4), /placeholder/],
    ['one character repeated', 'x'.repeat(64), /placeholder/],
  ])('refuses AUTH_SECRET %s', (_label, secret, message) => {
    const problems = productionProblems(good({ AUTH_SECRET: secret, NEXTAUTH_SECRET: undefined }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  it('a default NEXTAUTH_SECRET is refused too when AUTH_SECRET is absent', () => {
    expect(productionProblems(good({ AUTH_SECRET: undefined, NEXTAUTH_SECRET: 'secret' }))[0]).toMatch(/default or too short/);
  });

  it.each([
    ['the docker-compose default', 'postgres://quorum:quorum-dev-password@postgres:5432/quorum'],
    ['postgres', 'postgres://postgres:postgres@db:5432/quorum'],
    ['no password at all', 'postgres://quorum@db:5432/quorum'],
    ['the default in ?password=', `postgres://quorum@db:5432/quorum?password=quorum`],
    ['the default on a unix-socket URL (empty host)', 'postgres://quorum:quorum-dev-password@/quorum?host=/var/run/postgresql'],
    ['the default with the postgresql: scheme', 'postgresql://quorum:changeme@db/quorum'],
  ])('refuses a default database password: %s', (_label, url) => {
    for (const name of ['DATABASE_URL', 'DIRECT_DATABASE_URL'] as const) {
      const problems = productionProblems(good({ [name]: url }));
      expect(problems, `${name}=${url}`).toEqual([`${name} uses a default database password.`]);
    }
  });

  it('reports every problem at once', () => {
    const problems = productionProblems({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://quorum:quorum@db/q',
      DIRECT_DATABASE_URL: 'postgres://quorum:postgres@db/q',
    } as NodeJS.ProcessEnv);
    expect(problems).toHaveLength(3);
  });
});

describe('assertProductionReady / refuseUnsafeProductionStart', () => {
  it('throw / exit(1) in production with a bad config, naming the reason', () => {
    const bad = good({ AUTH_SECRET: 'changeme' });
    expect(() => assertProductionReady(bad)).toThrow(/Refusing to start in production: AUTH_SECRET is a default/);
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const err = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    refuseUnsafeProductionStart(bad);
    expect(exit).toHaveBeenCalledWith(1);
    expect(err.mock.calls[0]?.[0]).toMatch(/Refusing to start in production/);
  });

  it('let a good production config through, and never interfere outside production', () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    expect(() => assertProductionReady(good())).not.toThrow();
    refuseUnsafeProductionStart(good());
    const dev = { NODE_ENV: 'development', AUTH_SECRET: 'changeme', DATABASE_URL: 'postgres://quorum:quorum@db/q' } as NodeJS.ProcessEnv;
    expect(() => assertProductionReady(dev)).not.toThrow();
    refuseUnsafeProductionStart(dev);
    expect(() => assertProductionReady({ AUTH_SECRET: '' } as NodeJS.ProcessEnv)).not.toThrow(); // NODE_ENV unset: not production
    expect(exit).not.toHaveBeenCalled();
  });
});
