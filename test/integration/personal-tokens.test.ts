// Issue 23, part 2, over HTTP against the production build: personal API tokens (named, optional
// expiry, stored hashed) work as bearer tokens — for a user with two-factor too — note their last
// use, are listed on /settings/tokens, and a revocation binds every process at once (the NOTIFY
// clears the app's token cache: a cached read is refused right after).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '@/lib/features/auth/api-tokens';
import { createPersonalToken, listPersonalTokens, revokePersonalToken } from '@/lib/features/auth/personal-tokens';
import { beginEnrolment, confirmEnrolment } from '@/lib/features/auth/two-factor';
import { createUser, findUserByEmail } from '@/lib/features/auth/users';
import { provisionTenantWithAdmin } from '@/lib/features/organisation/provision-with-admin';
import { closePools, directDb } from '@/lib/infra/db/pool';
import { installJobQueue } from '@/lib/jobs/worker';
import { migrateShared } from '@/lib/tenancy';
import { stopTenancyListener } from '@/lib/tenancy/resolve-host';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { generate } from 'otplib';
import { request, startApp, type AppServer, type HttpResult } from '@/harness/app-server';
import { requirePooledUrl, testProcessEnv } from '@/harness/env';

const P = 'ptok';
const SCHEMA = `${P}_a`;
const PASSWORD = 'password123';
const MEMBER = `member@${P}.test`;
const SECRET_KEY = 'personal-token-test-key-0123456789ab';

let app: AppServer;
let uid = 0;
const host = () => `${P}-a.localhost:${app.port}`;
const call = <T = unknown>(method: string, path: string, opts: Parameters<typeof request>[4] = {}) =>
  request<T>(app.port, host(), method, path, opts);
const cookiesOf = (r: HttpResult) => (r.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
const inTenant = <T>(fn: Parameters<typeof withTenant<T>>[1]) => withTenant({ schema: SCHEMA }, fn);

beforeAll(async () => {
  requirePooledUrl();
  process.env.QUORUM_SECRET_KEY = SECRET_KEY;
  await migrateShared(directDb());
  await installJobQueue();
  await provisionTenantWithAdmin(directDb(), {
    schema: SCHEMA,
    name: 'Token Org',
    domain: `${P}-a.localhost`,
    admin: { email: `admin@${P}.test`, password: PASSWORD },
  });
  await inTenant((db) => createUser(db, { email: MEMBER, password: PASSWORD }));
  uid = (await inTenant((db) => findUserByEmail(db, MEMBER)))!.id;
  // The member has two-factor: /api/login needs a code, a personal token does not.
  const secret = await inTenant((db) => beginEnrolment(db, { kind: 'tenant', id: uid }));
  await inTenant(async (db) => confirmEnrolment(db, { kind: 'tenant', id: uid }, await generate({ secret })));
  // A long cache: a read after the revocation is refused because of the NOTIFY, not an expiry.
  app = await startApp({ ...testProcessEnv(), QUORUM_SECRET_KEY: SECRET_KEY, QUORUM_TOKEN_CACHE_MS: '60000' });
}, 300_000);

afterAll(async () => {
  delete process.env.QUORUM_SECRET_KEY;
  await app?.stop();
  await stopTenancyListener();
  await closePools();
});

describe('personal API tokens', () => {
  it('are stored hashed, work for a user with two-factor (where /api/login wants a code) and note their last use', async () => {
    const { id, token } = await inTenant((db) => createPersonalToken(db, uid, { name: 'ci script', expiresInDays: 'never' }));
    const row = await inTenant((db) => db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
    expect(row.token_hash).toBe(hashToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.expires_at).toBeNull();

    const login = await call<{ error: string }>('POST', '/api/login', { json: { email: MEMBER, password: PASSWORD } });
    expect(login.status).toBe(401);
    expect(login.body.error).toMatch(/personal API token/);

    const write = await call<{ id: number }>('POST', '/api/polls', { token, json: { question: 'Token poll?', choices: ['a', 'b'] } });
    expect(write.status, write.text).toBe(201);
    const [listed] = await inTenant((db) => listPersonalTokens(db, uid));
    expect(listed).toMatchObject({ id, name: 'ci script' });
    expect(listed.last_used_at).toBeInstanceOf(Date);
  });

  it('an expired token is refused', async () => {
    const { id, token } = await inTenant((db) => createPersonalToken(db, uid, { name: 'old', expiresInDays: '7' }));
    await inTenant((db) =>
      db
        .updateTable('api_tokens')
        .set({ expires_at: new Date(Date.now() - 1000) })
        .where('id', '=', id)
        .execute(),
    );
    expect((await call('GET', '/api/polls', { token })).status).toBe(401);
  });

  it('a revocation binds the app at once, cached reads included', async () => {
    const { id, token } = await inTenant((db) => createPersonalToken(db, uid, { name: 'to revoke', expiresInDays: '30' }));
    expect((await call('GET', '/api/polls', { token })).status).toBe(200);
    expect((await call('GET', '/api/polls', { token })).status).toBe(200); // now from the app's cache
    await inTenant((db) => revokePersonalToken(db, uid, id));
    const t0 = Date.now();
    let status = 0;
    while (Date.now() - t0 < 2000) {
      status = (await call('GET', '/api/polls', { token })).status;
      if (status === 401) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(status).toBe(401);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect((await call('POST', '/api/polls', { token, json: { question: 'x?', choices: ['a', 'b'] } })).status).toBe(401);
    await expect(inTenant((db) => revokePersonalToken(db, uid, id))).rejects.toThrow(/does not exist/);
  });

  it('/settings/tokens lists the tokens with their last use', async () => {
    // The admin (no two-factor) signs in with the browser's login and sees only their own tokens.
    const admin = (await inTenant((db) => findUserByEmail(db, `admin@${P}.test`)))!.id;
    await inTenant((db) => createPersonalToken(db, admin, { name: 'admin laptop', expiresInDays: '90' }));
    const csrf = await call<{ csrfToken: string }>('GET', '/api/auth/csrf');
    const body = new URLSearchParams({ csrfToken: csrf.body.csrfToken, email: `admin@${P}.test`, password: PASSWORD, json: 'true' });
    const r = await call('POST', '/api/auth/callback/credentials', {
      body: body.toString(),
      headers: { cookie: cookiesOf(csrf), 'content-type': 'application/x-www-form-urlencoded' },
    });
    const page = await call('GET', '/settings/tokens', { headers: { cookie: cookiesOf(r), accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.text).toContain('admin laptop');
    expect(page.text).not.toContain('ci script');
    expect(page.text).toContain('Last used');
  });
});
