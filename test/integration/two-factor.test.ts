// Issue 23, part 1, over HTTP against the production build: the login's code step (browser and
// POST /api/login), a code works once, recovery codes work once, and — the done criterion — with
// "superusers must use two-factor" on, no route signs a superuser in without a code: the browser
// login gives a session that reaches /admin/two-factor only, the root host has no /api/login, and
// an "open as" link made by a superuser without two-factor signs nobody in.
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImpersonationToken } from '@/lib/features/auth/impersonation';
import { createSuperuser } from '@/lib/features/auth/superusers';
import {
  APP_CODE_ONLY,
  beginEnrolment,
  confirmEnrolment,
  setAdminsMustUseTwoFactor,
  WRONG_CODE,
  type Account,
} from '@/lib/features/auth/two-factor';
import { createUser, findUserByEmail } from '@/lib/features/auth/users';
import { provisionTenantWithAdmin } from '@/lib/features/organisation/provision-with-admin';
import { closePools, directDb } from '@/lib/infra/db/pool';
import { installJobQueue } from '@/lib/jobs/worker';
import { listAudit } from '@/lib/platform/audit';
import { migrateShared } from '@/lib/tenancy';
import { stopTenancyListener } from '@/lib/tenancy/resolve-host';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { request, startApp, type AppServer } from '@/harness/app-server';
import { browserLogin as loginWithForm, cookiesOf } from '@/harness/browser-login';
import { requirePooledUrl, testProcessEnv } from '@/harness/env';
import { runCli } from '@/harness/run-cli';
import { callAction } from '@/harness/server-action';

const P = 'tfa';
const SCHEMA = `${P}_a`;
const PASSWORD = 'password123';
const ADMIN = `admin@${P}.test`;
const MEMBER = `member@${P}.test`;
const SU = { email: `su@${P}.test`, password: 'superuser-pw-Quorum-23' };
const SU2 = { email: `su2@${P}.test`, password: 'superuser-pw-Quorum-24' };
// The key secrets are sealed with, shared by this process (which enrols) and the app (which checks).
const SECRET_KEY = 'two-factor-test-key-0123456789abcdef';

let app: AppServer;
let tenantId = 0;
const host = (k: 'a' | 'root') => (k === 'root' ? `localhost:${app.port}` : `${P}-a.localhost:${app.port}`);
const call = <T = unknown>(k: 'a' | 'root', method: string, path: string, opts: Parameters<typeof request>[4] = {}) =>
  request<T>(app.port, host(k), method, path, opts);

const browserLogin = (k: 'a' | 'root', email: string, password: string, code?: string) =>
  loginWithForm(app.port, host(k), email, password, code);

async function sessionIdentity(k: 'a' | 'root', cookie: string) {
  const r = await call<{ identity?: { email: string; twoFactor?: boolean } } | null>(k, 'GET', '/api/auth/session', {
    headers: { cookie },
  });
  return r.body?.identity ?? null;
}

/** The code of the step `offset` steps from now (computed here, as an authenticator app would). */
function generateCodeAt(secret: string, offset: number): string {
  const epoch = Math.floor(Date.now() / 1000) + offset * 30;
  const code = syncCodes.get(`${secret}:${Math.floor(epoch / 30)}`);
  if (!code) throw new Error('prepareCodes(secret) first');
  return code;
}
const syncCodes = new Map<string, string>();
/** otplib's generate is async: the codes of the steps around now, computed once. */
async function prepareCodes(secret: string) {
  const now = Math.floor(Date.now() / 1000);
  for (const offset of [-3, -2, -1, 0, 1, 2, 3, 4, 5, 6]) {
    const epoch = now + offset * 30;
    syncCodes.set(`${secret}:${Math.floor(epoch / 30)}`, await generate({ secret, epoch }));
  }
}

const tenantTx = <T>(fn: (db: never) => Promise<T>) => withTenant({ schema: SCHEMA }, (db) => fn(db as never));
const directTx = <T>(fn: (db: never) => Promise<T>) =>
  directDb()
    .transaction()
    .execute((db) => fn(db as never));

beforeAll(async () => {
  requirePooledUrl();
  process.env.QUORUM_SECRET_KEY = SECRET_KEY;
  await migrateShared(directDb());
  await installJobQueue();
  const t = await provisionTenantWithAdmin(directDb(), {
    schema: SCHEMA,
    name: 'Two-factor Org',
    domain: `${P}-a.localhost`,
    admin: { email: ADMIN, password: PASSWORD },
  });
  tenantId = t.id;
  await withTenant({ schema: SCHEMA }, (db) => createUser(db, { email: MEMBER, password: PASSWORD }));
  await createSuperuser(directDb(), SU.email, SU.password);
  await createSuperuser(directDb(), SU2.email, SU2.password);
  app = await startApp({
    ...testProcessEnv(),
    QUORUM_SUPERUSER_TWO_FACTOR: 'on',
    QUORUM_SECRET_KEY: SECRET_KEY,
    LOGIN_LIMIT_PER_ADDRESS: '100000',
    LOGIN_LIMIT_PER_TENANT_ADDRESS: '100000',
    LOGIN_LIMIT_PER_ACCOUNT: '1000',
  });
}, 300_000);

afterAll(async () => {
  await app?.stop();
  await stopTenancyListener();
  await closePools();
  delete process.env.QUORUM_SECRET_KEY;
});

describe('two-factor for a tenant user', () => {
  let secret = '';
  let recovery: string[] = [];

  it('enrolment gives ten distinct recovery codes, stored hashed only', async () => {
    const uid = (await withTenant({ schema: SCHEMA }, (db) => findUserByEmail(db, MEMBER)))!.id;
    const probe = await withTenant({ schema: SCHEMA }, (db) => beginEnrolment(db, { kind: 'tenant', id: uid }));
    await prepareCodes(probe);
    const codes = await tenantTx((db) => confirmEnrolment(db, { kind: 'tenant', id: uid }, generateCodeAt(probe, -1)));
    secret = probe;
    recovery = codes;
    expect(new Set(codes).size).toBe(10);
    const rows = await withTenant({ schema: SCHEMA }, (db) =>
      db.selectFrom('recovery_codes').select('code_hash').where('user_id', '=', uid).execute(),
    );
    expect(rows).toHaveLength(10);
    for (const c of codes) expect(rows.map((r) => r.code_hash)).not.toContain(c);
    const user = await withTenant({ schema: SCHEMA }, (db) =>
      db.selectFrom('users').select('totp_secret').where('id', '=', uid).executeTakeFirst(),
    );
    // Encrypted at rest: the secret itself is not in the row.
    expect(user?.totp_secret).toMatch(/^v1:/);
    expect(user?.totp_secret).not.toContain(secret);
  });

  it('the browser login asks for the code after the password, takes it once, and refuses a wrong one', async () => {
    const noCode = await browserLogin('a', MEMBER, PASSWORD);
    expect(noCode).toEqual({ session: null, error: 'TwoFactorRequired' });
    const wrongPassword = await browserLogin('a', MEMBER, 'wrong-password', generateCodeAt(secret, 0));
    expect(wrongPassword.session).toBeNull();
    expect(wrongPassword.error).toBe('CredentialsSignin');
    const wrong = await browserLogin('a', MEMBER, PASSWORD, generateCodeAt(secret, 0) === '000000' ? '111111' : '000000');
    expect(wrong).toEqual({ session: null, error: 'TwoFactorWrong' });
    // The code of this step (the enrolment used the previous one).
    const code = generateCodeAt(secret, 0);
    const ok = await browserLogin('a', MEMBER, PASSWORD, code);
    expect(ok.session).not.toBeNull();
    expect(await sessionIdentity('a', ok.session!)).toMatchObject({ email: MEMBER, twoFactor: true });
    const reused = await browserLogin('a', MEMBER, PASSWORD, code);
    expect(reused).toEqual({ session: null, error: 'TwoFactorWrong' });
    // An older step than the last one used is refused too, even inside the window.
    expect((await browserLogin('a', MEMBER, PASSWORD, generateCodeAt(secret, -1))).error).toBe('TwoFactorWrong');
  });

  it('a recovery code signs in once and is recorded in the audit trail', async () => {
    const ok = await browserLogin('a', MEMBER, PASSWORD, recovery[0].toUpperCase());
    expect(ok.session).not.toBeNull();
    expect((await browserLogin('a', MEMBER, PASSWORD, recovery[0])).error).toBe('TwoFactorWrong');
    const audit = await listAudit(directDb(), { tenantId, limit: 50 });
    expect(audit.some((e) => e.action === 'two_factor.recovery_code_used' && e.actor === MEMBER)).toBe(true);
  });

  it('POST /api/login needs the code for this user (a sentence pointing to personal tokens) and works without one for others', async () => {
    const noCode = await call<{ error: string }>('a', 'POST', '/api/login', { json: { email: MEMBER, password: PASSWORD } });
    expect(noCode.status).toBe(401);
    expect(noCode.body.error).toMatch(/two-factor.*personal API token/);
    const withCode = await call<{ token: string }>('a', 'POST', '/api/login', {
      json: { email: MEMBER, password: PASSWORD, code: generateCodeAt(secret, 1) },
    });
    expect(withCode.status, withCode.text).toBe(200);
    expect(withCode.body.token).toMatch(/^qrm_/);
    const admin = await call<{ token: string }>('a', 'POST', '/api/login', { json: { email: ADMIN, password: PASSWORD } });
    expect(admin.status).toBe(200);
  });

  it('"admins must use two-factor": an admin without it reaches only the security page and gets no API token', async () => {
    await withTenant({ schema: SCHEMA }, (db) => setAdminsMustUseTwoFactor(db, true));
    try {
      const api = await call<{ error: string }>('a', 'POST', '/api/login', { json: { email: ADMIN, password: PASSWORD } });
      expect(api.status).toBe(403);
      expect(api.body.error).toMatch(/must use two-factor/);
      const { session } = await browserLogin('a', ADMIN, PASSWORD);
      expect(session).not.toBeNull();
      const users = await call('a', 'GET', '/users', { headers: { cookie: session!, accept: 'text/html' } });
      expect(users.status).toBe(307);
      expect(users.headers.location).toContain('/settings/security?required=1');
      const security = await call('a', 'GET', users.headers.location!.replace(/^https?:\/\/[^/]+/, ''), {
        headers: { cookie: session!, accept: 'text/html' },
      });
      expect(security.status).toBe(200);
      expect(security.text).toContain('Two-factor is required');
    } finally {
      await withTenant({ schema: SCHEMA }, (db) => setAdminsMustUseTwoFactor(db, false));
    }
  });
});

describe('new recovery codes on /settings/security', () => {
  const email = `regen@${P}.test`;
  const codesIn = (text: string) => [...new Set(text.match(/\b[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}\b/g) ?? [])];
  const regenerate = (session: string, code: string) =>
    callAction(app, host('a'), '/settings/security', 'regenerateTenantRecoveryCodesAction', session, { code });
  const storedHashes = (uid: number) =>
    withTenant({ schema: SCHEMA }, async (db) =>
      (await db.selectFrom('recovery_codes').select('code_hash').where('user_id', '=', uid).where('used_at', 'is', null).execute())
        .map((r) => r.code_hash)
        .sort(),
    );

  it('needs a current code from the app; then ten new codes are shown once, the old ones stop working at once, and it is audited', async () => {
    const user = await withTenant({ schema: SCHEMA }, (db) => createUser(db, { email, password: PASSWORD }));
    const account: Account = { kind: 'tenant', id: user.id };
    const secret = await withTenant({ schema: SCHEMA }, (db) => beginEnrolment(db, account));
    await prepareCodes(secret);
    const old = await tenantTx((db) => confirmEnrolment(db, account, generateCodeAt(secret, -1)));
    const loginCode = generateCodeAt(secret, 0);
    const { session } = await browserLogin('a', email, PASSWORD, loginCode);
    expect(session).not.toBeNull();
    const before = await storedHashes(user.id);
    expect(before).toHaveLength(10);

    // Refused, changing nothing: the code the login just used, a wrong one, and a recovery code (not used up).
    const replayed = await regenerate(session!, loginCode);
    expect(replayed.text).toContain(WRONG_CODE);
    expect(codesIn(replayed.text)).toEqual([]);
    const wrongCode = ['000000', '111111', '222222'].find((c) => ![-1, 0, 1, 2].some((o) => generateCodeAt(secret, o) === c))!;
    expect((await regenerate(session!, wrongCode)).text).toContain(WRONG_CODE);
    const withRecovery = await regenerate(session!, old[0]);
    expect(withRecovery.text).toContain(APP_CODE_ONLY);
    expect(codesIn(withRecovery.text)).toEqual([]);
    expect(await storedHashes(user.id)).toEqual(before);

    // A current code: ten new distinct codes, none of the old ones.
    const made = await regenerate(session!, generateCodeAt(secret, 1));
    expect(made.text).toContain('New recovery codes made; the old ones no longer work.');
    const fresh = codesIn(made.text);
    expect(fresh).toHaveLength(10);
    expect(fresh.filter((c) => old.includes(c))).toEqual([]);
    const after = await storedHashes(user.id);
    expect(after).toHaveLength(10);
    expect(after.filter((h) => before.includes(h))).toEqual([]);

    // The old set no longer signs in (even one never used); a new code does, once.
    expect(await browserLogin('a', email, PASSWORD, old[1])).toEqual({ session: null, error: 'TwoFactorWrong' });
    const withNew = await browserLogin('a', email, PASSWORD, fresh[0]);
    expect(withNew.session).not.toBeNull();
    expect((await browserLogin('a', email, PASSWORD, fresh[0])).error).toBe('TwoFactorWrong');

    const audit = await listAudit(directDb(), { tenantId, limit: 50 });
    const entries = audit.filter((e) => e.action === 'two_factor.recovery_codes_regenerated' && e.actor === email);
    expect(entries).toHaveLength(1);
  });

  it('a user without two-factor cannot make codes', async () => {
    const { session } = await browserLogin('a', ADMIN, PASSWORD);
    const r = await regenerate(session!, '123456');
    expect(r.text).toContain('Two-factor is off for this account');
    expect(codesIn(r.text)).toEqual([]);
    const admin = (await withTenant({ schema: SCHEMA }, (db) => findUserByEmail(db, ADMIN)))!;
    expect(await storedHashes(admin.id)).toEqual([]);
  });
});

describe('the operator turns two-factor off for a lost phone (CLI reset-two-factor)', { timeout: 120_000 }, () => {
  it('a tenant user: the secret and recovery codes are gone, the password alone signs in, the reset is audited', async () => {
    const email = `lost-phone@${P}.test`;
    const user = await withTenant({ schema: SCHEMA }, (db) => createUser(db, { email, password: PASSWORD }));
    const account: Account = { kind: 'tenant', id: user.id };
    const secret = await withTenant({ schema: SCHEMA }, (db) => beginEnrolment(db, account));
    await prepareCodes(secret);
    await tenantTx((db) => confirmEnrolment(db, account, generateCodeAt(secret, 0)));
    expect((await browserLogin('a', email, PASSWORD)).session, 'no session without the code').toBeNull();

    const r = await runCli('reset-two-factor', '--schema', SCHEMA, '--email', email);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`two-factor turned off for ${email} in tenant '${SCHEMA}'`);
    const row = await withTenant({ schema: SCHEMA }, (db) =>
      db.selectFrom('users').select(['totp_secret', 'totp_enabled_at']).where('id', '=', user.id).executeTakeFirstOrThrow(),
    );
    expect(row).toEqual({ totp_secret: null, totp_enabled_at: null });
    const codes = await withTenant({ schema: SCHEMA }, (db) =>
      db.selectFrom('recovery_codes').select('id').where('user_id', '=', user.id).execute(),
    );
    expect(codes).toEqual([]);
    expect((await browserLogin('a', email, PASSWORD)).session).not.toBeNull();
    const audit = await listAudit(directDb(), { tenantId, limit: 20 });
    expect(audit.some((e) => e.action === 'two_factor.reset' && JSON.stringify(e.detail).includes(email))).toBe(true);
  });

  it('an unknown account is one line and exit 1, changing nothing', async () => {
    const r = await runCli('reset-two-factor', '--email', `nobody@${P}.test`);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(`error: No superuser with email 'nobody@${P}.test'.`);
    const t = await runCli('reset-two-factor', '--schema', SCHEMA, '--email', `nobody@${P}.test`);
    expect(t.code).toBe(1);
    expect(t.stderr.trim()).toBe(`error: No user with email 'nobody@${P}.test' in tenant '${SCHEMA}'.`);
  });
});

describe('"superusers must use two-factor" on: no route signs a superuser in without a code', () => {
  it('a superuser without two-factor: the browser login reaches /admin/two-factor only, and its "open as" links sign nobody in', async () => {
    const { session } = await browserLogin('root', SU2.email, SU2.password);
    expect(session).not.toBeNull();
    expect(await sessionIdentity('root', session!)).toMatchObject({ email: SU2.email, twoFactor: false });
    for (const path of ['/admin', '/admin/tenants/new', `/admin/tenants/${SCHEMA}`, '/admin/audit']) {
      const r = await call('root', 'GET', path, { headers: { cookie: session!, accept: 'text/html' } });
      expect(r.status, path).toBe(307);
      expect(r.headers.location, path).toContain('/admin/two-factor?required=1');
    }
    const setup = await call('root', 'GET', '/admin/two-factor', { headers: { cookie: session!, accept: 'text/html' } });
    expect(setup.status).toBe(200);
    // A link made by this superuser (e.g. before the setting was on) is refused on the tenant host.
    const su2 = await directDb().selectFrom('public.superusers').select('id').where('email', '=', SU2.email).executeTakeFirstOrThrow();
    const uid = (await withTenant({ schema: SCHEMA }, (db) => findUserByEmail(db, MEMBER)))!.id;
    const token = await createImpersonationToken(directDb(), { tenantId, userId: uid, superuser: { id: su2.id, email: SU2.email } });
    const open = await call('a', 'GET', `/impersonate?token=${token}`, { headers: { accept: 'application/json' } });
    expect(open.status).toBe(401);
    expect((open.body as { error: string }).error).toMatch(/without two-factor/);
    expect(cookiesOf(open)).not.toContain('next-auth.session-token=');
  });

  it('/api/login does not exist on the root host: superuser credentials get no token there or on a tenant host', async () => {
    const root = await call('root', 'POST', '/api/login', { json: { email: SU.email, password: SU.password } });
    expect(root.status).toBe(404);
    expect(JSON.stringify(root.body ?? '')).not.toContain('qrm_');
    const tenant = await call('a', 'POST', '/api/login', { json: { email: SU.email, password: SU.password } });
    expect(tenant.status).toBe(401);
  });

  it('a superuser with two-factor: no session without the code; with it, /admin and its links work', async () => {
    const su = await directDb().selectFrom('public.superusers').select('id').where('email', '=', SU.email).executeTakeFirstOrThrow();
    const a: Account = { kind: 'superuser', id: su.id };
    const secret = await directTx((db) => beginEnrolment(db, a));
    await prepareCodes(secret);
    await directTx((db) => confirmEnrolment(db, a, generateCodeAt(secret, -1)));

    expect(await browserLogin('root', SU.email, SU.password)).toEqual({ session: null, error: 'TwoFactorRequired' });
    const ok = await browserLogin('root', SU.email, SU.password, generateCodeAt(secret, 0));
    expect(ok.session).not.toBeNull();
    expect(await sessionIdentity('root', ok.session!)).toMatchObject({ email: SU.email, twoFactor: true });
    const admin = await call('root', 'GET', '/admin', { headers: { cookie: ok.session!, accept: 'text/html' } });
    expect(admin.status).toBe(200);
    const uid = (await withTenant({ schema: SCHEMA }, (db) => findUserByEmail(db, MEMBER)))!.id;
    const token = await createImpersonationToken(directDb(), { tenantId, userId: uid, superuser: { id: su.id, email: SU.email } });
    const open = await call('a', 'GET', `/impersonate?token=${token}`, { headers: { accept: 'text/html' } });
    expect(open.status).toBe(303);
  });
});
