// Issue 25, part 3, over HTTP against the production build: which language a page is in. A
// signed-in user's saved choice (users.locale, set by the footer's switcher) wins; then the
// cookie; then the organisation's default (tenants.default_locale, set by its admin, reaching the
// app's host cache by NOTIFY); off any organisation, Accept-Language; else English. And the
// emails go out in the recipient's language.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobHelpers } from 'graphile-worker';
import { closePools, directDb } from '@/lib/infra/db/pool';
import { migrateShared } from '@/lib/tenancy';
import { stopTenancyListener } from '@/lib/tenancy/resolve-host';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { provisionTenantWithAdmin } from '@/lib/features/organisation/provision-with-admin';
import { createUser } from '@/lib/features/auth/users';
import { setTenantDefaultLocale } from '@/lib/platform/tenant-locale';
import { taskList } from '@/lib/jobs/tasks';
import { request, startApp, type AppServer, type HttpResult } from '@/harness/app-server';
import { actionId, callAction } from '@/harness/server-action';
import { requirePooledUrl, testProcessEnv } from '@/harness/env';
import { startSmtp, type ReceivedMail, type TestSmtp } from '@/harness/smtp';
import { waitFor } from '@/harness/wait';

const S = 'lang_a';
const SUB = 'lang-a';
const PASSWORD = 'amber-kettle-orbit-25';
const HTML = { accept: 'text/html,application/xhtml+xml' };
let app: AppServer;
let smtp: TestSmtp;
let tenantId = 0;

const tenantHost = () => `${SUB}.localhost:${app.port}`;
const email = (who: string) => `${who}@${SUB}.test`;
const cookiesOf = (r: HttpResult) => (r.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
const get = (host: string, path: string, headers: Record<string, string> = {}) =>
  request(app.port, host, 'GET', path, { headers: { ...HTML, ...headers } });
const langOf = (r: HttpResult) => /<html[^>]*\blang="([^"]+)"/.exec(r.text)?.[1];
const userLocale = async (who: string) =>
  (
    await withTenant({ schema: S }, (db) =>
      db.selectFrom('users').select('locale').where('email', '=', email(who)).executeTakeFirstOrThrow(),
    )
  ).locale;

async function login(who: string): Promise<string> {
  const csrf = await request(app.port, tenantHost(), 'GET', '/api/auth/csrf');
  const body = new URLSearchParams({
    csrfToken: (csrf.body as { csrfToken: string }).csrfToken,
    email: email(who),
    password: PASSWORD,
    json: 'true',
  });
  const r = await request(app.port, tenantHost(), 'POST', '/api/auth/callback/credentials', {
    body: body.toString(),
    headers: { cookie: cookiesOf(csrf), 'content-type': 'application/x-www-form-urlencoded' },
  });
  const session = cookiesOf(r)
    .split('; ')
    .find((c) => c.includes('next-auth.session-token='));
  expect(session, `login of ${who}: ${r.status}`).toBeDefined();
  return session!;
}

/** The footer's switcher: a plain form action (one argument, the form), as a browser without JavaScript would post it. */
function chooseLanguage(host: string, locale: string, cookie: string | null): Promise<HttpResult> {
  const boundary = `----quorum${randomBytes(8).toString('hex')}`;
  const parts: [string, string][] = [
    ['_1_locale', locale],
    ['0', JSON.stringify(['$K1'])],
  ];
  const body =
    parts.map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join('') + `--${boundary}--\r\n`;
  const headers: Record<string, string> = {
    origin: `http://${host}`,
    'next-action': actionId('chooseLocaleAction'),
    accept: 'text/x-component',
    'content-type': `multipart/form-data; boundary=${boundary}`,
  };
  if (cookie) headers.cookie = cookie;
  return request(app.port, host, 'POST', '/', { body, headers });
}

/** Waits until the app's host cache has the organisation's new default (NOTIFY from this process). */
async function orgDefaultIs(locale: string) {
  await waitFor(`the organisation's default ${locale}`, async () =>
    langOf(await get(tenantHost(), '/login')) === locale ? true : undefined,
  );
}

/** The test SMTP server keeps the subject MIME-encoded and reads a quoted-printable body byte by byte (latin1): decode both as UTF-8. */
function decoded(m: ReceivedMail): { subject: string; text: string } {
  const subject = m.subject.replace(/\?=\s+=\?/g, '?==?').replace(/=\?UTF-8\?([QB])\?([^?]*)\?=/gi, (_all, enc: string, word: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(word, 'base64').toString('utf8')
      : Buffer.from(
          word.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_h, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ).toString('utf8'),
  );
  return { subject, text: Buffer.from(m.text, 'latin1').toString('utf8') };
}

const fakeHelpers = { job: { id: '1', attempts: 1 } } as unknown as JobHelpers;

beforeAll(async () => {
  requirePooledUrl();
  await migrateShared(directDb());
  const t = await provisionTenantWithAdmin(directDb(), {
    schema: S,
    name: 'Sprachen GmbH',
    domain: `${SUB}.localhost`,
    admin: { email: email('admin'), password: PASSWORD },
  });
  tenantId = t.id;
  await withTenant({ schema: S }, (db) => createUser(db, { email: email('member'), password: PASSWORD }));
  smtp = await startSmtp();
  app = await startApp({ ...testProcessEnv(), LOGIN_LIMIT_PER_ADDRESS: '100000' });
  process.env.SMTP_URL = smtp.url;
  process.env.ROOT_DOMAIN = app.rootDomain;
}, 300_000);

afterAll(async () => {
  await smtp?.stop();
  await app?.stop();
  await stopTenancyListener();
  await closePools();
});

describe('the language of a page', () => {
  it('off any organisation: Accept-Language, else English; the cookie wins; never an error', async () => {
    const root = app.rootDomain;
    const en = await get(root, '/nope');
    expect(en.status).toBe(404);
    expect(langOf(en)).toBe('en');
    expect(en.text).toContain('We couldn’t find that page');
    expect(en.text).toContain('Change language');
    const de = await get(root, '/nope', { 'accept-language': 'fr-CH, de;q=0.8, en;q=0.5' });
    expect(langOf(de)).toBe('de');
    expect(de.text).toContain('Diese Seite haben wir nicht gefunden');
    expect(de.text).toContain('Sprache ändern');
    expect(langOf(await get(root, '/nope', { 'accept-language': 'de', cookie: 'quorum_locale=en' }))).toBe('en');
    expect(langOf(await get(root, '/nope', { cookie: 'quorum_locale=xx' }))).toBe('en');
    // An unknown host: the 404 page (streamed after Next's error shell), in the visitor's language.
    const unknown = await get(`nobody-here.localhost:${app.port}`, '/', { cookie: 'quorum_locale=de' });
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('Diese Seite haben wir nicht gefunden');
    expect(unknown.text).toContain('Sprache ändern');
    expect((await get(`nobody-here.localhost:${app.port}`, '/')).text).toContain('We couldn’t find that page');
  });

  it('on an organisation: its default, not Accept-Language; a visitor’s cookie wins over it', async () => {
    expect(langOf(await get(tenantHost(), '/login', { 'accept-language': 'de' }))).toBe('en');
    await setTenantDefaultLocale(directDb(), S, 'de');
    await orgDefaultIs('de');
    const page = await get(tenantHost(), '/login', { 'accept-language': 'en' });
    expect(langOf(page)).toBe('de');
    expect(page.text).toContain('Sprache ändern');
    expect(langOf(await get(tenantHost(), '/login', { cookie: 'quorum_locale=en' }))).toBe('en');
  });

  it('the switcher sets the cookie for anyone; a signed-in user’s choice is saved and follows them', async () => {
    // A visitor: the cookie, nothing saved.
    const visitor = await chooseLanguage(tenantHost(), 'en', null);
    expect(visitor.status).toBe(200);
    const set = (visitor.headers['set-cookie'] ?? []).find((c) => c.startsWith('quorum_locale='));
    expect(set).toMatch(/^quorum_locale=en;/);
    expect(set).toMatch(/Path=\//);
    expect(set).toMatch(/SameSite=lax/i);
    expect(set).toMatch(/Max-Age=31536000/);
    expect(await userLocale('member')).toBeNull();
    // A member of this organisation: saved in users.locale.
    const session = await login('member');
    expect(langOf(await get(tenantHost(), '/', { cookie: session }))).toBe('de'); // the organisation's default
    const chose = await chooseLanguage(tenantHost(), 'en', session);
    expect(chose.status).toBe(200);
    expect(await userLocale('member')).toBe('en');
    // Another browser (no language cookie): English, though the organisation's default is German;
    // the saved choice also wins over a cookie that says otherwise.
    const again = await login('member');
    expect(langOf(await get(tenantHost(), '/', { cookie: again }))).toBe('en');
    expect(langOf(await get(tenantHost(), '/', { cookie: `${again}; quorum_locale=de` }))).toBe('en');
    // An unsupported language changes nothing.
    await chooseLanguage(tenantHost(), 'xx', again);
    expect(await userLocale('member')).toBe('en');
    // A session of another host's organisation is not this one's user: only the cookie is set.
    const elsewhere = await chooseLanguage(app.rootDomain, 'de', again);
    expect(elsewhere.status).toBe(200);
    expect(await userLocale('member')).toBe('en');
  });

  it('an admin sets the default language on the settings page (audited); members cannot', async () => {
    await setTenantDefaultLocale(directDb(), S, 'en');
    await orgDefaultIs('en');
    const admin = await login('admin');
    const settings = await get(tenantHost(), '/settings', { cookie: admin });
    expect(settings.text).toContain('data-testid="default-locale-form"');
    const r = await callAction(app, tenantHost(), '/settings', 'updateDefaultLocaleAction', admin, { defaultLocale: 'de' });
    // The admin chose no language: the answer is in the organisation's new one.
    expect(r.text).toContain('Standardsprache gespeichert.');
    const row = await directDb().selectFrom('public.tenants').select('default_locale').where('id', '=', tenantId).executeTakeFirstOrThrow();
    expect(row.default_locale).toBe('de');
    const audit = await sql<{ detail: { defaultLocale?: string } }>`select detail from public.audit_log
      where tenant_id = ${tenantId} and action = 'tenant.settings' order by id desc limit 1`.execute(directDb());
    expect(audit.rows[0]?.detail.defaultLocale).toBe('de');
    // The change reaches the app's host cache: an anonymous visitor now gets German.
    await orgDefaultIs('de');
    const bad = await callAction(app, tenantHost(), '/settings', 'updateDefaultLocaleAction', admin, { defaultLocale: 'fr' });
    expect(bad.text).toContain('Wählen Sie eine der angebotenen Sprachen.');
    // A member is sent away; nothing changes.
    const member = await login('member');
    await callAction(app, tenantHost(), '/settings', 'updateDefaultLocaleAction', member, { defaultLocale: 'en' });
    const still = await directDb()
      .selectFrom('public.tenants')
      .select('default_locale')
      .where('id', '=', tenantId)
      .executeTakeFirstOrThrow();
    expect(still.default_locale).toBe('de');
  });

  it('the database refuses a language it does not know', async () => {
    await expect(sql`update public.tenants set default_locale = 'xx' where id = ${tenantId}`.execute(directDb())).rejects.toThrow(/check/);
    await expect(
      withTenant({ schema: S }, (db) => db.updateTable('users').set({ locale: 'xx' }).where('email', '=', email('member')).execute()),
    ).rejects.toThrow(/check/);
  });
});

describe('emails in the recipient’s language', () => {
  it('password reset: the user’s choice, else the organisation’s default; find-organisation: the asking request’s', async () => {
    // The organisation's default is German (above); the member chose English, the admin nothing.
    await taskList.send_password_reset!({ tenantId, email: email('admin') }, fakeHelpers);
    await taskList.send_password_reset!({ tenantId, email: email('member') }, fakeHelpers);
    const toAdmin = decoded(smtp.messages.find((m) => m.to.includes(email('admin')))!);
    expect(toAdmin.subject).toBe('Passwort für Sprachen GmbH zurücksetzen');
    expect(toAdmin.text).toContain('Wählen Sie hier ein neues Passwort');
    const toMember = decoded(smtp.messages.find((m) => m.to.includes(email('member')))!);
    expect(toMember.subject).toBe('Reset your Sprachen GmbH password');

    await taskList.find_organisations!({ email: email('admin'), locale: 'de' }, fakeHelpers);
    const found = decoded(smtp.messages.filter((m) => m.to.includes(email('admin'))).at(-1)!);
    expect(found.subject).toBe('Ihre Organisation bei Quorum');
    expect(found.text).toContain('Diese Adresse hat hier ein Konto:\n- Sprachen GmbH: ');
  });
});
