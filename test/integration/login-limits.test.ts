/**
 * Login limits with the default LOGIN_LIMIT_* values, behind a proxy the operator trusts
 * (TRUST_PROXY=127.0.0.1): requests from 127.0.0.1 are "the proxy", requests from any other 127/8
 * address are clients that reached the app directly. App → PgBouncer → PostgreSQL, through
 * server.ts. The limiter's counters are also checked at the database (shared between processes,
 * windows end, expired rows swept).
 *
 * Also the burst a legitimate office makes: 200 users behind one NAT address logging in to one
 * tenant within a minute, with typos, are never refused.
 */
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '@/lib/features/auth/password';
import { loginAttempt, loginLimitsFrom, loginSucceeded, resetLoginLimits, sweepLoginLimits } from '@/lib/features/auth/rate-limit';
import { closePools, directDb, pooledDb } from '@/lib/infra/db/pool';
import { migrateShared } from '@/lib/tenancy';
import { provisionTenant } from '@/lib/platform/provision-tenant';
import { stopTenancyListener } from '@/lib/tenancy/resolve-host';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { createUser } from '@/lib/features/auth/users';
import { request, startApp, type AppServer } from '@/harness/app-server';
import { requirePooledUrl, testProcessEnv } from '@/harness/env';

const PASSWORD = 'office-password-1';
const OFFICE_USERS = 200;
const LIMITS = loginLimitsFrom({}); // the defaults the app runs with here

let app: AppServer;
const hostOf = (sub: string) => `${sub}.localhost:${app.port}`;

/** A login through the trusted proxy (socket 127.0.0.1) that reports the client as `forwardedFor`. */
const viaProxy = (sub: string, email: string, password: string, forwardedFor: string) =>
  request<{ error?: string; token?: string }>(app.port, hostOf(sub), 'POST', '/api/login', {
    json: { email, password },
    headers: { 'x-forwarded-for': forwardedFor },
  });

beforeAll(async () => {
  requirePooledUrl();
  await migrateShared(directDb());
  await resetLoginLimits(pooledDb());
  for (const sub of ['ll-office', 'll-other']) {
    await provisionTenant(directDb(), { schema: sub.replace('-', '_'), name: sub, domain: `${sub}.localhost` });
  }
  // One hash for all: 200 scrypt hashes would take longer than the test.
  const hash = await hashPassword(PASSWORD);
  await withTenant({ schema: 'll_office' }, async (db) => {
    for (let i = 0; i < OFFICE_USERS; i++) await createUser(db, { email: `staff-${i}@office.test`, password: PASSWORD }, hash);
  });
  await withTenant({ schema: 'll_other' }, (db) => createUser(db, { email: 'member@other.test', password: PASSWORD }, hash));
  app = await startApp({ ...testProcessEnv(), DB_POOL_MAX: '8', TRUST_PROXY: '127.0.0.1' });
}, 300_000);

afterAll(async () => {
  await app?.stop();
  await stopTenancyListener();
  await closePools();
});

describe('behind a trusted proxy (TRUST_PROXY=127.0.0.1)', () => {
  it(`the proxy's hop is the client; hops a client wrote in front of it are not (limit ${LIMITS.perTenantAddress} per tenant and address)`, async () => {
    const client = '203.0.113.7';
    for (let i = 0; i < LIMITS.perTenantAddress; i++) {
      // The client claims a new address each time; the proxy appends the one it saw.
      const r = await viaProxy('ll-other', `nobody-${i}@other.test`, 'guess', `10.9.${i >> 8}.${i & 255}, ${client}`);
      expect(r.status, r.text).toBe(401);
    }
    const blocked = await viaProxy('ll-other', 'member@other.test', PASSWORD, `10.10.0.1, ${client}`);
    expect(blocked.status).toBe(429);
    expect(blocked.body.error).toMatch(/^Too many login attempts; try again in (\d+ seconds?|about (a|an|\d+) (minute|hour)s?)\.$/);
    const retryAfter = Number(blocked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(LIMITS.windowSeconds - 120);
    expect(retryAfter).toBeLessThanOrEqual(LIMITS.windowSeconds);
    // Another client behind the same proxy is another address; IPv4-mapped spelling of it too.
    expect((await viaProxy('ll-other', 'member@other.test', PASSWORD, '203.0.113.8')).status).toBe(200);
    expect((await viaProxy('ll-other', 'member@other.test', PASSWORD, `::ffff:${client}`)).status).toBe(429);
  });

  it('a client that bypasses the proxy is its socket address, whatever it forwards', async () => {
    // 127.0.0.2 is not the trusted proxy: its X-Forwarded-For naming the blocked client is ignored ...
    const direct = await request(app.port, hostOf('ll-other'), 'POST', '/api/login', {
      json: { email: 'member@other.test', password: PASSWORD },
      headers: { 'x-forwarded-for': '203.0.113.7', 'x-real-ip': '203.0.113.7' },
      localAddress: '127.0.0.2',
    });
    expect(direct.status, direct.text).toBe(200);
    // ... and its own address is what gets counted.
    const { rows } = await sql<{ key: string }>`select key from public.login_limits where key like ${'%127.0.0.2'}`.execute(pooledDb());
    expect(rows.map((r) => r.key).sort()).toEqual(['addr:127.0.0.2', 'host:ll_other:127.0.0.2']);
  });
});

describe('an office behind one NAT address', () => {
  it(`${OFFICE_USERS} users log in to one tenant within a minute, ~15% after a typo: none is refused`, async () => {
    const nat = '198.51.100.10';
    const t0 = Date.now();
    const statuses: Record<number, number> = {};
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < OFFICE_USERS; i = next++) {
        const email = `staff-${i}@office.test`;
        if (i % 7 === 0) {
          const typo = await viaProxy('ll-office', email, `${PASSWORD}x`, nat);
          statuses[typo.status] = (statuses[typo.status] ?? 0) + 1;
        }
        const r = await viaProxy('ll-office', email, PASSWORD, nat);
        statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    const seconds = (Date.now() - t0) / 1000;
    const typos = Math.ceil(OFFICE_USERS / 7);
    console.log(
      `[login-limits] office burst: ${OFFICE_USERS} logins + ${typos} typos from one address in ${seconds.toFixed(1)} s: ${JSON.stringify(statuses)}`,
    );
    expect(statuses).toEqual({ 200: OFFICE_USERS, 401: typos });
    // All within one window (the minute is the scenario; a loaded test machine may take longer).
    expect(seconds).toBeLessThan(LIMITS.windowSeconds);
    // Only the failures stayed on the address counters.
    const { rows } = await sql<{ key: string; hits: number }>`
      select key, hits from public.login_limits where key in (${`addr:${nat}`}, ${`host:ll_office:${nat}`}) order by key`.execute(
      pooledDb(),
    );
    expect(rows).toEqual([
      { key: `addr:${nat}`, hits: typos },
      { key: `host:ll_office:${nat}`, hits: typos },
    ]);
  });
});

describe('the counters in PostgreSQL', () => {
  const limits = { perAccount: 25, perTenantAddress: 1000, perAddress: 1000, windowSeconds: 900 };

  it('are shared: two pools (two processes) hammering one account admit exactly the limit', async () => {
    const pools = [0, 1].map(() => new pg.Pool({ connectionString: requirePooledUrl(), max: 4 }));
    const dbs = pools.map((pool) => new Kysely({ dialect: new PostgresDialect({ pool }) }));
    try {
      const subject = { scope: 'll_other', email: 'shared@other.test', address: '192.0.2.50' };
      const results = await Promise.all(Array.from({ length: 40 }, (_, i) => loginAttempt(dbs[i % 2], subject, limits)));
      expect(results.filter((w) => w === null)).toHaveLength(25);
      expect(results.filter((w) => w !== null)).toHaveLength(15);
    } finally {
      await Promise.all(dbs.map((db) => db.destroy()));
    }
  });

  it('a window that has ended starts again at one; a success clears the account and refunds the addresses', async () => {
    const db = pooledDb();
    const subject = { scope: 'll_other', email: 'window@other.test', address: '192.0.2.51' };
    for (let i = 0; i < limits.perAccount; i++) expect(await loginAttempt(db, subject, limits)).toBeNull();
    expect(await loginAttempt(db, subject, limits)).toBeGreaterThan(0);
    await sql`update public.login_limits set resets_at = now() - interval '1 second' where key = ${'acct:ll_other:window@other.test'}`.execute(
      db,
    );
    expect(await loginAttempt(db, subject, limits)).toBeNull();
    const hits = async (key: string) =>
      (await sql<{ hits: number }>`select hits from public.login_limits where key = ${key}`.execute(db)).rows[0]?.hits ?? null;
    expect(await hits('acct:ll_other:window@other.test')).toBe(1);
    expect(await hits('addr:192.0.2.51')).toBe(limits.perAccount + 2);
    await loginSucceeded(db, subject, limits);
    expect(await hits('acct:ll_other:window@other.test')).toBeNull();
    expect(await hits('addr:192.0.2.51')).toBe(limits.perAccount + 1);
  });

  it('expired windows are swept', async () => {
    const db = pooledDb();
    await loginAttempt(db, { scope: 'll_other', email: 'old@other.test', address: '192.0.2.52' }, limits);
    await sql`update public.login_limits set resets_at = now() - interval '1 minute' where key like ${'%192.0.2.52'} or key = ${'acct:ll_other:old@other.test'}`.execute(
      db,
    );
    expect(await sweepLoginLimits(db)).toBeGreaterThanOrEqual(3);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from public.login_limits where resets_at < now()`.execute(db);
    expect(rows[0].n).toBe(0);
  });
});
