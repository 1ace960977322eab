// Load refusals through the production server (issue 21): 503 + Retry-After + a sentence when a
// tenant's share of database work is used up or its statement runs into its timeout (JSON for the
// API, lean path and Next route alike, a page for browsers); 429 + Retry-After + a sentence when a
// tenant or a client address within it passes its rate; other tenants unaffected.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePools, directDb } from '@/lib/infra/db/pool';
import { stopTenancyListener } from '@/lib/tenancy/resolve-host';
import { updateTenant } from '@/lib/platform/tenants';
import { request, startApp, type AppServer, type HttpResult } from '@/harness/app-server';
import { provisionPollTenants } from '@/harness/tenants';
import { requirePooledUrl, testEnv, testProcessEnv } from '@/harness/env';
import { expectOneLineError, runCli } from '@/harness/run-cli';

let app: AppServer;
const host = (s: string) => `${s.replace('_', '-')}.localhost:${app.port}`;
const HTML = { headers: { accept: 'text/html,application/xhtml+xml' } };

beforeAll(async () => {
  requirePooledUrl();
  await provisionPollTenants(['lr_busy', 'lr_ok', 'lr_rate'], '');
  // lr_busy: one transaction at a time, a statement timeout of 1.5 s.
  await updateTenant(directDb(), 'lr_busy', { maxConcurrency: 1, statementTimeoutMs: 1500 });
  await updateTenant(directDb(), 'lr_rate', { rateLimit: 3, rateLimitPerAddress: 0 });
  app = await startApp({ ...testProcessEnv(), QUORUM_TENANT_QUEUE_MS: '300', QUORUM_WORKERS: '1' });
}, 300_000);

afterAll(async () => {
  await app?.stop();
  await stopTenancyListener();
  await closePools();
});

const cookiesOf = (r: HttpResult) => (r.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');

/** next-auth's credentials login (the browser's), returning the session cookie. */
async function browserLogin(schema: string, email: string, password: string): Promise<string> {
  const csrf = await request(app.port, host(schema), 'GET', '/api/auth/csrf');
  const body = new URLSearchParams({ csrfToken: (csrf.body as { csrfToken: string }).csrfToken, email, password, json: 'true' }).toString();
  const r = await request(app.port, host(schema), 'POST', '/api/auth/callback/credentials', {
    body,
    headers: { cookie: cookiesOf(csrf), 'content-type': 'application/x-www-form-urlencoded' },
  });
  const session = cookiesOf(r)
    .split('; ')
    .find((c) => c.includes('next-auth.session-token='));
  expect(session, `${r.status} ${r.text.slice(0, 200)}`).toBeDefined();
  return session!;
}

/** A transaction on the direct connection holding an access-exclusive lock on a tenant's polls (end it with rollback). */
async function lockPolls(schema: string): Promise<pg.Client> {
  const locker = new pg.Client({ connectionString: testEnv().directUrl });
  await locker.connect();
  await locker.query('begin');
  await locker.query(`lock table ${schema}.polls in access exclusive mode`);
  return locker;
}

/** The fair share's 503: JSON with its sentence for the API, a page for browsers, both with Retry-After 1. */
function expectShareRefusals(apis: HttpResult[], page: HttpResult): void {
  for (const r of apis) {
    expect(r.status, r.text).toBe(503);
    expect(r.headers['retry-after']).toBe('1');
    expect(r.headers['content-type']).toContain('application/json');
    expect((r.body as { error: string }).error).toMatch(/share of the database.*try again in 1 second/);
  }
  expect(page.status, page.text.slice(0, 500)).toBe(503);
  expect(page.headers['retry-after']).toBe('1');
  expect(page.headers['content-type']).toContain('text/html');
  expect(page.text).toMatch(/share of the database/);
}

describe('503 when a tenant’s share of database work is used up', () => {
  it('queued work is refused after the bounded wait; the holder gets 503 at its statement timeout; other tenants are served', async () => {
    const cookie = await browserLogin('lr_busy', 'admin@lr-busy.test', 'password123');
    const page0 = await request(app.port, host('lr_busy'), 'GET', '/', { headers: { ...HTML.headers, cookie } });
    expect(page0.status).toBe(200);
    // Lock lr_busy's polls: its reads block (holding its one slot) until their statement timeout.
    const locker = await lockPolls('lr_busy');
    try {
      const t0 = Date.now();
      const holder = request(app.port, host('lr_busy'), 'GET', '/api/polls');
      await new Promise((r) => setTimeout(r, 200));
      const [lean, next, page] = await Promise.all([
        request(app.port, host('lr_busy'), 'GET', '/api/polls'), // lean path
        request(app.port, host('lr_busy'), 'GET', '/api/polls?limit=5'), // Next route
        request(app.port, host('lr_busy'), 'GET', '/', { headers: { ...HTML.headers, cookie } }), // a page
      ]);
      expectShareRefusals([lean, next], page);
      // Meanwhile another tenant answers at once.
      const ok = await request(app.port, host('lr_ok'), 'GET', '/api/polls');
      expect(ok.status).toBe(200);
      const held = await holder;
      expect(held.status, held.text).toBe(503);
      expect(held.headers['retry-after']).toBe('2');
      expect((held.body as { error: string }).error).toMatch(/time limit/);
      expect(Date.now() - t0).toBeLessThan(4000);
    } finally {
      await locker.query('rollback').catch(() => undefined);
      await locker.end();
    }
    // Once the lock is gone the tenant is served again.
    const again = await request(app.port, host('lr_busy'), 'GET', '/api/polls');
    expect(again.status, again.text).toBe(200);
  }, 30_000);
});

describe('the wait at the door', () => {
  // That they wait at the door (and not deeper in) is shown in test/integration/fair-share.test.ts;
  // here, that the server's refusals stay what they were and that no slot is left behind.
  it('a tenant over its share that takes most of the work while another is served: 503 with Retry-After (JSON, page), nothing leaked by a client that gave up, the other tenant served', async () => {
    const cookie = await browserLogin('lr_busy', 'admin@lr-busy.test', 'password123');
    // lr_busy takes most of this process's transactions.
    for (let i = 0; i < 4; i++) expect((await request(app.port, host('lr_busy'), 'GET', '/api/polls')).status).toBe(200);
    const locker = await lockPolls('lr_busy');
    try {
      // Its one slot is held (blocked by the lock), its next request queues for the slot.
      const holder = request(app.port, host('lr_busy'), 'GET', '/api/polls');
      await new Promise((r) => setTimeout(r, 150));
      const queued = request(app.port, host('lr_busy'), 'GET', '/api/polls');
      await new Promise((r) => setTimeout(r, 50));
      // Another tenant is served, at once.
      const t0 = Date.now();
      const ok = await request(app.port, host('lr_ok'), 'GET', '/api/polls');
      expect(ok.status).toBe(200);
      expect(Date.now() - t0).toBeLessThan(1000);
      // Now lr_busy's requests wait at the door, before the API or Next spends anything on them:
      // one client gives up while waiting, the others are refused when the wait (300 ms) runs out.
      const gaveUp = request(app.port, host('lr_busy'), 'GET', '/api/polls', { timeoutMs: 100 }).then(
        () => 'answered',
        () => 'gave up',
      );
      const [api, page] = await Promise.all([
        request(app.port, host('lr_busy'), 'GET', '/api/polls?limit=5'),
        request(app.port, host('lr_busy'), 'GET', '/', { headers: { ...HTML.headers, cookie } }),
      ]);
      expect(await gaveUp).toBe('gave up');
      expectShareRefusals([api], page);
      expect((await holder).status).toBe(503);
      expect([200, 503]).toContain((await queued).status);
    } finally {
      await locker.query('rollback').catch(() => undefined);
      await locker.end();
    }
    // No slot was left behind by the requests that waited at the door: the tenant is served again
    // (with K = 1, one leaked slot would refuse it for good).
    await new Promise((r) => setTimeout(r, 1100));
    for (let i = 0; i < 3; i++) {
      const again = await request(app.port, host('lr_busy'), 'GET', '/api/polls');
      expect(again.status, again.text).toBe(200);
    }
  }, 30_000);
});

describe('429 when a tenant passes its rate', () => {
  it('refuses beyond the rate with Retry-After and a sentence, JSON for the API and a page for browsers; other tenants unaffected', async () => {
    await request(app.port, host('lr_rate'), 'GET', '/api/health'); // the host is cached from here on
    const statuses: number[] = [];
    let refusedJson: Awaited<ReturnType<typeof request>> | undefined;
    for (let i = 0; i < 12; i++) {
      const r = await request(app.port, host('lr_rate'), 'GET', '/api/polls');
      statuses.push(r.status);
      if (r.status === 429) refusedJson ??= r;
    }
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(5);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(3);
    expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
    expect(Number(refusedJson!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect((refusedJson!.body as { error: string }).error).toMatch(/more requests than its limit; try again in \d+ seconds?\./);
    const page = await request(app.port, host('lr_rate'), 'GET', '/', HTML);
    expect(page.status).toBe(429);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['retry-after']).toMatch(/^\d+$/);
    expect(page.text).toMatch(/more requests than its limit/);
    // Another tenant from the same address is not counted against lr_rate.
    for (let i = 0; i < 10; i++) expect((await request(app.port, host('lr_ok'), 'GET', '/api/polls')).status).toBe(200);
  });

  it('counts per client address within a tenant: one address is refused while another is served', async () => {
    await updateTenant(directDb(), 'lr_rate', { rateLimit: 0, rateLimitPerAddress: 2 });
    await new Promise((r) => setTimeout(r, 300)); // the NOTIFY reaches the server's host cache
    await request(app.port, host('lr_rate'), 'GET', '/api/health', { localAddress: '127.0.0.5' });
    const from = async (addr: string, n: number) => {
      const s: number[] = [];
      for (let i = 0; i < n; i++) s.push((await request(app.port, host('lr_rate'), 'GET', '/api/polls', { localAddress: addr })).status);
      return s;
    };
    const a = await from('127.0.0.5', 10);
    expect(a).toContain(429);
    const b = await from('127.0.0.6', 3);
    expect(b).toEqual([200, 200, 200]);
    await updateTenant(directDb(), 'lr_rate', { rateLimit: null, rateLimitPerAddress: null });
  });
});

describe('tenants limits (CLI)', () => {
  it('shows and sets a tenant’s fair share and rates, audited; bad values are one-line errors', async () => {
    const set = await runCli('limits', '--schema', 'lr_ok', '--concurrency', '3', '--rate', '50', '--rate-per-address', '5', '--json');
    expect(set.code, set.stderr).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({ schema: 'lr_ok', maxConcurrency: 3, rateLimit: 50, rateLimitPerAddress: 5 });
    const audit = await directDb()
      .selectFrom('public.audit_log')
      .select(['action', 'tenant', 'detail'])
      .where('tenant', '=', 'lr_ok')
      .where('action', '=', 'tenant.limits')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0].detail).toMatchObject({ maxConcurrency: 3, rateLimit: 50, rateLimitPerAddress: 5 });
    const cleared = await runCli(
      'limits',
      '--schema',
      'lr_ok',
      '--concurrency',
      'default',
      '--rate',
      'default',
      '--rate-per-address',
      'default',
    );
    expect(cleared.code, cleared.stderr).toBe(0);
    expect(cleared.stdout).toMatch(/maxConcurrency\tdefault/);
    expectOneLineError(await runCli('limits', '--schema', 'lr_ok', '--concurrency', 'lots'), /--concurrency must be a whole number/);
    expectOneLineError(await runCli('limits', '--schema', 'lr_ok', '--concurrency', '0'), /concurrency is at least 1/);
    expectOneLineError(await runCli('limits', '--schema', 'nope_nope', '--rate', '1'), /No tenant/);
  }, 60_000);
});
