// Issue 12, parts 3 and 4 over HTTP against the production build: "open as" links (once, 15
// minutes, bound to their tenant), the impersonated session (banner, refusals, Stop), sessions
// bound to their host, and the audit trail of tenant admins with the tenant's own /audit page.
// Run twice: single-role mode (impersonation.test.ts) and two-role mode, where the app's
// DATABASE_URL is a request role with no privilege on public.audit_log or the link table
// (impersonation-two-role.test.ts): tokens and audit entries go through the owner connection.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit, recordAudit } from '@/lib/platform/audit';
import { createImpersonationToken } from '@/lib/features/auth/impersonation';
import { createSuperuser } from '@/lib/features/auth/superusers';
import { closePools, directDb } from '@/lib/infra/db/pool';
import { installJobQueue } from '@/lib/jobs/worker';
import { migrateShared } from '@/lib/tenancy';
import { getTenantBySchema } from '@/lib/platform';
import { syncTenantRoles } from '@/lib/tenancy/tenant-roles';
import { stopTenancyListener } from '@/lib/tenancy/resolve-host';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { provisionTenantWithAdmin } from '@/lib/features/organisation/provision-with-admin';
import { createUser, findUserByEmail } from '@/lib/features/auth/users';
import { request, startApp, type AppServer, type HttpResult } from '@/harness/app-server';
import { callAction } from '@/harness/server-action';
import { requirePooledUrl, testEnv, testProcessEnv } from '@/harness/env';

/** The whole suite, on tenants `<P>_a` and `<P>_b` (hosts `<P>-a.localhost`…), in one role mode. */
export function impersonationSuite(P: string, twoRole: boolean): void {
  const PASSWORD = 'password123';
  const SU = { email: `su@${P}.test`, password: 'superuser-pw' };
  let app: AppServer;
  const ids: Record<'a' | 'b', number> = { a: 0, b: 0 };
  let suId = 0;

  const host = (k: 'a' | 'b' | 'root') => (k === 'root' ? `localhost:${app.port}` : `${P}-${k}.localhost:${app.port}`);
  const HTML = { accept: 'text/html,application/xhtml+xml' };

  function call<T = unknown>(k: 'a' | 'b' | 'root', method: string, path: string, opts: Parameters<typeof request>[4] = {}) {
    return request<T>(app.port, host(k), method, path, opts);
  }

  /** The `name=value` pairs of a response's Set-Cookie headers, as a Cookie header. */
  function cookiesOf(r: HttpResult): string {
    return (r.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
  }

  /** next-auth's credentials login (the browser's), returning the session cookie. */
  async function browserLogin(k: 'a' | 'b' | 'root', email: string, password: string): Promise<string> {
    const csrf = await call<{ csrfToken: string }>(k, 'GET', '/api/auth/csrf');
    const body = new URLSearchParams({ csrfToken: csrf.body.csrfToken, email, password, json: 'true' }).toString();
    const r = await call(k, 'POST', '/api/auth/callback/credentials', {
      body,
      headers: { cookie: cookiesOf(csrf), 'content-type': 'application/x-www-form-urlencoded' },
    });
    const session = cookiesOf(r)
      .split('; ')
      .find((c) => c.includes('next-auth.session-token='));
    expect(session, `login of ${email} on ${k}: ${r.status} ${r.text.slice(0, 200)}`).toBeDefined();
    return session!;
  }

  async function userId(schema: string, email: string): Promise<number> {
    return (await withTenant({ schema }, (db) => findUserByEmail(db, email)))!.id;
  }

  async function link(k: 'a' | 'b', email: string): Promise<string> {
    return createImpersonationToken(directDb(), {
      tenantId: ids[k],
      userId: await userId(`${P}_${k}`, email),
      superuser: { id: suId, email: SU.email },
    });
  }

  const open = (k: 'a' | 'b', token: string, headers: Record<string, string> = HTML) =>
    call(k, 'GET', `/impersonate?token=${encodeURIComponent(token)}`, { headers });

  /** Opens tenant `k` as `email` and returns the session cookie. */
  async function impersonate(k: 'a' | 'b', email: string): Promise<string> {
    const r = await open(k, await link(k, email));
    expect(r.status, r.text.slice(0, 300)).toBe(303);
    return cookiesOf(r);
  }

  /** The session next-auth reports on host `k` for this cookie (null: none). */
  async function sessionOn(k: 'a' | 'b' | 'root', cookie: string) {
    const r = await call<{ identity?: { email: string; impersonator?: { email: string } } } | null>(k, 'GET', '/api/auth/session', {
      headers: { cookie },
    });
    expect(r.status).toBe(200);
    return r.body?.identity ?? null;
  }

  /** The rendered audit table of a page (not the filter's options, not the RSC payload). */
  function auditTable(html: string): string {
    const start = html.indexOf('data-testid="audit-log"');
    return start < 0 ? '' : html.slice(start, html.indexOf('</table>', start));
  }

  async function entries(k: 'a' | 'b') {
    return listAudit(directDb(), { tenantId: ids[k], limit: 1000 });
  }

  const saved = { DATABASE_URL: process.env.DATABASE_URL, DIRECT_DATABASE_URL: process.env.DIRECT_DATABASE_URL };
  const requestUrl = () => {
    const url = testEnv().requestPooledUrl;
    if (!url) throw new Error('two-role mode needs the harness request role through PgBouncer');
    return url;
  };

  beforeAll(async () => {
    requirePooledUrl();
    if (twoRole) {
      // This process too: provisioning then creates each tenant's role, as in production.
      await closePools();
      process.env.DATABASE_URL = requestUrl();
      process.env.QUORUM_NO_LISTEN = '1';
    }
    await migrateShared(directDb());
    await installJobQueue();
    for (const k of ['a', 'b'] as const) {
      const t = await provisionTenantWithAdmin(directDb(), {
        schema: `${P}_${k}`,
        name: `Imp ${k.toUpperCase()}`,
        domain: `${P}-${k}.localhost`,
        admin: { email: `admin@${P}-${k}.test`, password: PASSWORD },
      });
      ids[k] = t.id;
      await withTenant({ schema: `${P}_${k}` }, (db) => createUser(db, { email: `member@${P}-${k}.test`, password: PASSWORD }));
    }
    if (twoRole) for (const k of ['a', 'b']) await syncTenantRoles(directDb(), { schema: `${P}_${k}` });
    suId = (await createSuperuser(directDb(), SU.email, SU.password)).id;
    app = await startApp({
      ...testProcessEnv(),
      ...(twoRole ? { DATABASE_URL: requestUrl() } : {}),
      LOGIN_LIMIT_PER_ADDRESS: '100000',
      LOGIN_LIMIT_PER_TENANT_ADDRESS: '100000',
    });
  }, 300_000);

  afterAll(async () => {
    await app?.stop();
    await stopTenancyListener();
    await closePools();
    Object.assign(process.env, saved);
    delete process.env.QUORUM_NO_LISTEN;
  });

  describe(`open-as links (${twoRole ? 'two-role' : 'single-role'} mode)`, () => {
    it('work once: the session is the user’s, marked as impersonated, with the banner; a reuse is a 401 with a sentence', async () => {
      const token = await link('a', `member@${P}-a.test`);
      const first = await open('a', token);
      expect(first.status, first.text.slice(0, 300)).toBe(303);
      expect(first.headers.location).toBe('/');
      const cookie = cookiesOf(first);
      expect(cookie).toContain('next-auth.session-token=');

      const identity = await sessionOn('a', cookie);
      expect(identity?.email).toBe(`member@${P}-a.test`);
      expect(identity?.impersonator?.email).toBe(SU.email);
      const home = await call('a', 'GET', '/', { headers: { ...HTML, cookie } });
      expect(home.status).toBe(200);
      expect(home.text).toContain('data-testid="impersonation-banner"');
      expect(home.text).toContain(SU.email);
      // The banner is on every tenant page, not only the first.
      const pollsNew = await call('a', 'GET', '/polls/new', { headers: { ...HTML, cookie } });
      expect(pollsNew.text).toContain('data-testid="impersonation-banner"');

      const again = await open('a', token);
      expect(again.status).toBe(401);
      expect(again.headers['content-type']).toMatch(/^text\/html/);
      expect(again.text).toContain('This sign-in link has already been used');
      expect(again.headers['set-cookie']).toBeUndefined();
      const json = await open('a', token, { accept: 'application/json' });
      expect(json.status).toBe(401);
      expect(json.body).toEqual({ error: expect.stringMatching(/already been used/) });
    });

    it('two requests racing with one link start one session', async () => {
      const token = await link('a', `member@${P}-a.test`);
      const results = await Promise.all([open('a', token), open('a', token), open('a', token)]);
      expect(results.map((r) => r.status).sort()).toEqual([303, 401, 401]);
    });

    it('an expired link and an unknown one are 401s with a sentence', async () => {
      const token = await link('a', `member@${P}-a.test`);
      await sql`update public.impersonation_tokens set expires_at = now() - interval '1 second' where used_at is null`.execute(directDb());
      const expired = await open('a', token);
      expect(expired.status).toBe(401);
      expect(expired.text).toContain('This sign-in link has expired (links work for 15 minutes)');
      const unknown = await open('a', 'x'.repeat(43));
      expect(unknown.status).toBe(401);
      expect(unknown.text).toContain('This sign-in link is not valid');
      expect((await open('a', '')).status).toBe(401);
    });

    it('a link replayed on another tenant’s host is refused there and still works on its own host', async () => {
      const token = await link('a', `member@${P}-a.test`);
      const onB = await open('b', token);
      expect(onB.status).toBe(401);
      expect(onB.text).toContain('made for another organisation');
      expect(onB.headers['set-cookie']).toBeUndefined();
      expect((await open('a', token)).status).toBe(303);
    });

    it('sessions stay on their host: a superuser session is refused on a tenant host, an impersonated one on other hosts', async () => {
      const su = await browserLogin('root', SU.email, SU.password);
      expect((await sessionOn('root', su))?.email).toBe(SU.email);
      expect(await sessionOn('a', su)).toBeNull();
      const page = await call('a', 'GET', '/users', { headers: { ...HTML, cookie: su } });
      expect(page.status).toBe(307);
      expect(page.headers.location).toMatch(/\/login/);

      const imp = await impersonate('a', `member@${P}-a.test`);
      expect(await sessionOn('b', imp)).toBeNull();
      expect(await sessionOn('root', imp)).toBeNull();
    });

    it('while impersonating, password resets and admin grants are refused with a sentence; other admin actions work, audited with the superuser as actor', async () => {
      const cookie = await impersonate('a', `admin@${P}-a.test`);
      const memberId = await userId(`${P}_a`, `member@${P}-a.test`);
      const before = await withTenant({ schema: `${P}_a` }, (db) => findUserByEmail(db, `member@${P}-a.test`));

      const reset = await callAction(app, host('a'), '/users', 'lib/features/users/actions/manage-users.ts#resetPasswordAction', cookie, {
        userId: String(memberId),
        password: 'another-pw-1',
      });
      expect(reset.text).toContain('Passwords cannot be changed while a superuser has opened this organisation');
      const promote = await callAction(app, host('a'), '/users', 'changeRoleAction', cookie, { userId: String(memberId), role: 'admin' });
      expect(promote.text).toContain('Admin rights cannot be granted while a superuser has opened this organisation');
      const newAdmin = await callAction(app, host('a'), '/users', 'createUserAction', cookie, {
        email: `boss@${P}-a.test`,
        name: 'Boss',
        role: 'admin',
        password: 'boss-password',
      });
      // Issue 24: no account with a password the superuser chose, member or admin.
      expect(newAdmin.text).toContain('Users cannot be added with a password while a superuser has opened this organisation');
      const after = await withTenant({ schema: `${P}_a` }, (db) => findUserByEmail(db, `member@${P}-a.test`));
      expect(after).toEqual(before);
      expect(await withTenant({ schema: `${P}_a` }, (db) => findUserByEmail(db, `boss@${P}-a.test`))).toBeUndefined();
      const helper = await callAction(app, host('a'), '/users', 'createUserAction', cookie, {
        email: `helper@${P}-a.test`,
        name: 'Helper',
        role: 'member',
        password: 'helper-password',
      });
      expect(helper.text).toContain('Users cannot be added with a password');
      expect(await withTenant({ schema: `${P}_a` }, (db) => findUserByEmail(db, `helper@${P}-a.test`))).toBeUndefined();

      // An invitation (the invitee chooses the password) is fine, and the entry names the superuser, as whom.
      const invited = await callAction(app, host('a'), '/users/invite', 'inviteUserAction', cookie, {
        email: `helper@${P}-a.test`,
        role: 'member',
      });
      expect(invited.status, invited.text.slice(0, 300)).toBeLessThan(400);
      expect(invited.text).not.toContain('"error"');
      const entry = (await entries('a')).find((e) => e.action === 'user.invite' && e.actor === SU.email);
      expect(entry).toMatchObject({
        actor: SU.email,
        tenant: `${P}_a`,
        detail: { user: `helper@${P}-a.test`, asUser: `admin@${P}-a.test` },
      });
    });

    it('Stop ends the session (a copy of the cookie too), returns to the admin tenant page, and start and end are audited', async () => {
      const cookie = await impersonate('a', `member@${P}-a.test`);
      const foreign = await call('a', 'POST', '/impersonate/stop', { headers: { cookie, origin: 'http://evil.example' } });
      expect(foreign.status).toBe(403);
      expect(await sessionOn('a', cookie)).not.toBeNull();

      const stop = await call('a', 'POST', '/impersonate/stop', { headers: { cookie, origin: `http://${host('a')}` } });
      expect(stop.status).toBe(303);
      expect(stop.headers.location).toBe(`http://${host('root')}/admin/tenants/${P}_a?stopped=1`);
      expect(String(stop.headers['set-cookie'])).toMatch(/next-auth\.session-token=; Path=\/; Max-Age=0/);
      expect(await sessionOn('a', cookie)).toBeNull();

      const log = await entries('a');
      const starts = log.filter((e) => e.action === 'impersonation.start' && e.actor === SU.email);
      const ends = log.filter((e) => e.action === 'impersonation.end' && e.actor === SU.email);
      expect(starts.length).toBeGreaterThan(0);
      expect(ends).toHaveLength(1);
      expect(ends[0]).toMatchObject({ tenant: `${P}_a`, tenant_id: ids.a, detail: { user: `member@${P}-a.test` } });
      // A second Stop with the old cookie records nothing more.
      await call('a', 'POST', '/impersonate/stop', { headers: { cookie, origin: `http://${host('a')}` } });
      expect((await entries('a')).filter((e) => e.action === 'impersonation.end')).toHaveLength(1);
    });
  });

  describe('the audit trail of tenant admins', () => {
    let admin: string;
    let member: string;

    beforeAll(async () => {
      admin = await browserLogin('a', `admin@${P}-a.test`, PASSWORD);
      member = await browserLogin('a', `member@${P}-a.test`, PASSWORD);
    });

    it('create, invite, change role, reset password and remove are each recorded with the admin, the tenant and the address', async () => {
      const act = (name: string, fields: Record<string, string>, path = '/users') => callAction(app, host('a'), path, name, admin, fields);
      expect(
        (await act('createUserAction', { email: `temp@${P}-a.test`, name: 'Temp', role: 'member', password: 'temp-lantern-password' }))
          .status,
      ).toBeLessThan(400);
      const tempId = await userId(`${P}_a`, `temp@${P}-a.test`);
      const invite = await act('inviteUserAction', { email: `invited@${P}-a.test`, role: 'member' }, '/users/invite');
      // Queueing the invitation email works in both modes (two-role mode through the SECURITY DEFINER
      // job wrapper, migrations/public/2026_11_27_311_tenant_job_functions.ts).
      expect(invite.text).not.toContain('"error"');
      expect((await act('changeRoleAction', { userId: String(tempId), role: 'admin' })).text).toContain(`temp@${P}-a.test is now an admin`);
      expect(
        (
          await act('lib/features/users/actions/manage-users.ts#resetPasswordAction', {
            userId: String(tempId),
            password: 'temp-password-2',
          })
        ).text,
      ).toContain('New password set');
      expect((await act('removeUserAction', { userId: String(tempId) })).status).toBeLessThan(400);

      const mine = (await entries('a')).filter((e) => e.actor === `admin@${P}-a.test`);
      const actions = mine.map((e) => e.action);
      for (const a of ['user.create', 'user.role', 'user.password_reset', 'user.remove', 'user.invite']) expect(actions).toContain(a);
      expect(mine.find((e) => e.action === 'user.role')).toMatchObject({
        tenant: `${P}_a`,
        tenant_id: ids.a,
        detail: { user: `temp@${P}-a.test`, role: 'admin' },
      });
      expect(mine.every((e) => e.address !== null)).toBe(true);
    });

    it('/audit shows a tenant admin their own tenant’s entries only, by tenant id, with filters and pages; members are sent away', async () => {
      // Another tenant's entry, and one naming this schema with another tenant's id (a schema name
      // reused after a rename or delete): neither may show here.
      await recordAudit(directDb(), {
        actor: `x@${P}-b.test`,
        action: 'user.create',
        tenant: `${P}_b`,
        detail: { user: `secret-b@${P}-b.test` },
        address: null,
      });
      await recordAudit(directDb(), {
        actor: 'ghost@old.test',
        action: 'user.create',
        tenant: `${P}_a`,
        tenantId: 987_654,
        detail: { user: 'ghost-user@old.test' },
        address: null,
      });
      const page = await call('a', 'GET', '/audit', { headers: { ...HTML, cookie: admin } });
      expect(page.status).toBe(200);
      const table = auditTable(page.text);
      // The action in words, its code under it (issue 24, item 23).
      expect(table).toContain('>Set a new password for a user</span>');
      expect(table).toContain('>user.password_reset</span>');
      expect(table).toContain(`>admin@${P}-a.test</td>`);
      expect(page.text).not.toContain(`secret-b@${P}-b.test`);
      expect(page.text).not.toContain('ghost-user@old.test');

      const filtered = await call('a', 'GET', '/audit?action=impersonation.start', { headers: { ...HTML, cookie: admin } });
      expect(auditTable(filtered.text)).toContain('>impersonation.start</span>');
      expect(auditTable(filtered.text)).not.toContain('>user.password_reset</span>');

      for (let i = 0; i < 55; i++)
        await recordAudit(directDb(), {
          actor: `bulk@${P}-a.test`,
          action: 'tenant.settings',
          tenant: `${P}_a`,
          detail: { i },
          address: null,
        });
      const first = await call('a', 'GET', `/audit?actor=bulk@${P}-a.test`, { headers: { ...HTML, cookie: admin } });
      expect(auditTable(first.text).match(/&quot;i&quot;:\d+/g)?.length).toBe(50);
      const older = /href="(\/audit\?[^"]*before=\d+)"/.exec(first.text)?.[1]?.replace(/&amp;/g, '&');
      expect(older).toBeDefined();
      const second = await call('a', 'GET', older!, { headers: { ...HTML, cookie: admin } });
      expect(auditTable(second.text).match(/&quot;i&quot;:\d+/g)?.length).toBe(5);

      const asMember = await call('a', 'GET', '/audit', { headers: { ...HTML, cookie: member } });
      expect(asMember.status).toBe(307);
      expect(asMember.headers.location).toContain('error=admin-only');
      expect(asMember.text).not.toContain('data-testid="audit-log"');
    });

    it('the nav links /audit for admins only', async () => {
      expect((await call('a', 'GET', '/', { headers: { ...HTML, cookie: admin } })).text).toContain('href="/audit"');
      expect((await call('a', 'GET', '/', { headers: { ...HTML, cookie: member } })).text).not.toContain('href="/audit"');
    });
  });

  describe('superuser actions on a tenant that is gone or renamed', () => {
    it('entries keep the tenant id', async () => {
      const t = await getTenantBySchema(directDb(), `${P}_b`);
      await recordAudit(directDb(), { actor: SU.email, action: 'tenant.update', tenant: `${P}_b`, address: null });
      expect((await listAudit(directDb(), { tenant: `${P}_b`, action: 'tenant.update' }))[0]?.tenant_id).toBe(t.id);
    });
  });
}
