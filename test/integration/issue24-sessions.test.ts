// Issue 24, items 1, 2 and 5 over HTTP against the production build, through PgBouncer:
//  1. a role change or a removal reaches an open session on its NEXT request (same cookie): a
//     demoted admin loses /users, /audit and the data download, a removed member loses the polls,
//     a promoted member gains the admin pages;
//  2. the add-user form refuses weak passwords with a sentence;
//  5. "open as a user" can neither vote nor add a user with a password it chose.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImpersonationToken } from '@/lib/features/auth/impersonation';
import { createSuperuser } from '@/lib/features/auth/superusers';
import { closePools, directDb } from '@/lib/infra/db/pool';
import { createPoll, newPollInput } from '@/lib/features/polls/polls';
import { migrateShared } from '@/lib/tenancy';
import { stopTenancyListener } from '@/lib/tenancy/resolve-host';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { provisionTenantWithAdmin } from '@/lib/features/organisation/provision-with-admin';
import { createUser, findUserByEmail } from '@/lib/features/auth/users';
import { request, startApp, type AppServer, type HttpResult } from '@/harness/app-server';
import { callAction } from '@/harness/server-action';
import { requirePooledUrl, testProcessEnv } from '@/harness/env';

const S = 'sess24';
const HOST_SUB = 'sess24';
const PASSWORD = 'quiet-orchard-lantern-24';
const QUESTION = 'Which colour for the sess24 bikeshed?';
const HTML = { accept: 'text/html,application/xhtml+xml' };
let app: AppServer;
let tenantId = 0;
let suId = 0;
let pollId = 0;

const host = () => `${HOST_SUB}.localhost:${app.port}`;
const call = (method: string, path: string, opts: Parameters<typeof request>[4] = {}) => request(app.port, host(), method, path, opts);
const cookiesOf = (r: HttpResult) => (r.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
const get = (path: string, cookie: string) => call('GET', path, { headers: { ...HTML, cookie } });
const email = (who: string) => `${who}@${HOST_SUB}.test`;
const tenantDb = <T>(fn: Parameters<typeof withTenant<T>>[1]) => withTenant({ schema: S }, fn);

async function login(who: string): Promise<string> {
  const csrf = await call('GET', '/api/auth/csrf');
  const body = new URLSearchParams({
    csrfToken: (csrf.body as { csrfToken: string }).csrfToken,
    email: email(who),
    password: PASSWORD,
    json: 'true',
  });
  const r = await call('POST', '/api/auth/callback/credentials', {
    body: body.toString(),
    headers: {
      cookie: cookiesOf(csrf),
      'content-type': 'application/x-www-form-urlencoded',
    },
  });
  const session = cookiesOf(r)
    .split('; ')
    .find((c) => c.includes('next-auth.session-token='));
  expect(session, `login of ${who}: ${r.status} ${r.text.slice(0, 200)}`).toBeDefined();
  return session!;
}

async function setRole(who: string, role: 'admin' | 'member') {
  await tenantDb((db) => db.updateTable('users').set({ role }).where('email', '=', email(who)).execute());
}

async function impersonate(who: string): Promise<string> {
  const userId = (await tenantDb((db) => findUserByEmail(db, email(who))))!.id;
  const token = await createImpersonationToken(directDb(), {
    tenantId,
    userId,
    superuser: { id: suId, email: 'su@sess24.test' },
  });
  const r = await call('GET', `/impersonate?token=${encodeURIComponent(token)}`, { headers: HTML });
  expect(r.status, r.text.slice(0, 300)).toBe(303);
  return cookiesOf(r);
}

function expectAdminOnly(r: HttpResult) {
  expect(r.status, r.text.slice(0, 200)).toBe(307);
  expect(r.headers.location).toContain('error=admin-only');
}

beforeAll(async () => {
  requirePooledUrl();
  await migrateShared(directDb());
  const t = await provisionTenantWithAdmin(directDb(), {
    schema: S,
    name: 'Sessions 24',
    domain: `${HOST_SUB}.localhost`,
    admin: { email: email('boss'), password: PASSWORD },
  });
  tenantId = t.id;
  await tenantDb(async (db) => {
    for (const who of ['deputy', 'member', 'leaver', 'rising']) await createUser(db, { email: email(who), password: PASSWORD });
    await db.updateTable('users').set({ role: 'admin' }).where('email', '=', email('deputy')).execute();
    const boss = (await findUserByEmail(db, email('boss')))!;
    pollId = (await createPoll(db, boss, newPollInput.parse({ question: QUESTION, choices: ['Red', 'Blue'] }))).id;
  });
  suId = (await createSuperuser(directDb(), 'su@sess24.test', 'operator-lantern-orchard-9')).id;
  app = await startApp({
    ...testProcessEnv(),
    LOGIN_LIMIT_PER_ADDRESS: '100000',
    LOGIN_LIMIT_PER_TENANT_ADDRESS: '100000',
  });
}, 300_000);

afterAll(async () => {
  await app?.stop();
  await stopTenancyListener();
  await closePools();
});

describe('a role change or removal reaches open sessions on the next request', () => {
  it('a demoted admin loses /users, /audit and /download with the same cookie', async () => {
    const cookie = await login('deputy');
    expect((await get('/users', cookie)).status).toBe(200);
    expect((await get('/audit', cookie)).status).toBe(200);
    const zip = await get('/download', cookie);
    expect(zip.status).toBe(200);
    expect(zip.headers['content-type']).toBe('application/zip');

    await setRole('deputy', 'member');
    for (const path of ['/users', '/users/invite', '/audit', '/settings', '/domains', '/download'])
      expectAdminOnly(await get(path, cookie));
    // The nav and the badge follow the row too.
    const home = await get('/', cookie);
    expect(home.status).toBe(200);
    expect(home.text).not.toContain('href="/users"');
    // Writes were already checked; still refused.
    const invite = await callAction(app, host(), '/users/invite', 'inviteUserAction', cookie, { email: email('x'), role: 'member' });
    expect(invite.headers['x-action-redirect'] ?? invite.text).toContain('error=admin-only');
  });

  it('a removed member loses every poll page with the same cookie', async () => {
    const cookie = await login('leaver');
    const before = await get('/', cookie);
    expect(before.status).toBe(200);
    expect(before.text).toContain(QUESTION);
    expect((await get(`/polls/${pollId}`, cookie)).status).toBe(200);

    await tenantDb((db) => db.deleteFrom('users').where('email', '=', email('leaver')).execute());
    for (const path of ['/', `/polls/${pollId}`, '/polls/new']) {
      const r = await get(path, cookie);
      expect(r.status, `${path}: ${r.text.slice(0, 200)}`).toBe(307);
      expect(r.headers.location).toMatch(/^\/login/);
      expect(r.text).not.toContain(QUESTION);
    }
    // The login page shows its form (no redirect loop back to the polls).
    const loginPage = await get('/login', cookie);
    expect(loginPage.status).toBe(200);
    const vote = await callAction(app, host(), `/polls/${pollId}`, 'voteAction', cookie, { id: String(pollId), choice_id: '1' });
    expect(vote.headers['x-action-redirect'] ?? '').toMatch(/\/login/);
    expect(await tenantDb((db) => db.selectFrom('votes').select('id').execute())).toEqual([]);
  });

  it('a promoted member gains the admin pages with the same cookie', async () => {
    const cookie = await login('rising');
    expectAdminOnly(await get('/users', cookie));
    expectAdminOnly(await get('/download', cookie));
    expect((await get('/', cookie)).text).not.toContain('href="/users"');

    await setRole('rising', 'admin');
    expect((await get('/users', cookie)).status).toBe(200);
    expect((await get('/audit', cookie)).status).toBe(200);
    expect((await get('/download', cookie)).status).toBe(200);
    expect((await get('/', cookie)).text).toContain('href="/users"');
  });
});

describe('weak passwords (issue 24, item 2)', () => {
  it('Add user refuses password, 12345678 and aaaaaaaa with a sentence, and accepts a phrase', async () => {
    const cookie = await login('boss');
    for (const weak of ['password', '12345678', 'aaaaaaaa']) {
      const r = await callAction(app, host(), '/users', 'createUserAction', cookie, {
        email: email('weak'),
        name: 'Weak',
        role: 'member',
        password: weak,
      });
      expect(r.text).toContain('This password is too weak');
      expect(await tenantDb((db) => findUserByEmail(db, email('weak')))).toBeUndefined();
    }
    const ok = await callAction(app, host(), '/users', 'createUserAction', cookie, {
      email: email('strong'),
      name: 'Strong',
      role: 'member',
      password: 'copper-kettle-meadow-7',
    });
    expect(ok.status, ok.text.slice(0, 300)).toBeLessThan(400);
    expect(await tenantDb((db) => findUserByEmail(db, email('strong')))).toBeDefined();
  });
});

describe('"open as a user" (issue 24, item 5)', () => {
  it('cannot vote: refused with a sentence, nothing recorded', async () => {
    const cookie = await impersonate('member');
    const r = await callAction(app, host(), `/polls/${pollId}`, 'voteAction', cookie, { id: String(pollId), choice_id: '1' });
    expect(r.text).toContain('Votes cannot be cast while a superuser has opened this organisation');
    expect(await tenantDb((db) => db.selectFrom('votes').select('id').execute())).toEqual([]);
    // The member's own session still votes.
    const own = await login('member');
    const choice = (await tenantDb((db) =>
      db.selectFrom('choices').select('id').where('poll_id', '=', pollId).orderBy('id').executeTakeFirst(),
    ))!;
    const voted = await callAction(app, host(), `/polls/${pollId}`, 'voteAction', own, {
      id: String(pollId),
      choice_id: String(choice.id),
    });
    expect(voted.headers['x-action-redirect'] ?? '').toContain('voted=1');
  });

  it('cannot add a user with a chosen password (member or admin): refused with a sentence', async () => {
    const cookie = await impersonate('boss');
    for (const role of ['member', 'admin']) {
      const r = await callAction(app, host(), '/users', 'createUserAction', cookie, {
        email: email(`planted-${role}`),
        name: 'Planted',
        role,
        password: 'copper-kettle-meadow-8',
      });
      expect(r.text).toContain('Users cannot be added with a password while a superuser has opened this organisation');
      expect(await tenantDb((db) => findUserByEmail(db, email(`planted-${role}`)))).toBeUndefined();
    }
  });
});
