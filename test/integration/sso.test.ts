// Issue 23, parts 3 and 4: single sign-on per organisation with OpenID Connect, over HTTP against
// the production build and a REAL OpenID provider on loopback (harness/oidc-provider.ts). The
// browser is played by hand: redirects followed one by one with a cookie jar per host, so a test
// can stop at the callback, replay it, or carry it to another organisation's host.
import http from 'node:http';
import { chromium } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveSso } from '@/lib/features/auth/sso';
import { SSO_REFUSED } from '@/lib/features/auth/sso-flow';
import { createUser, findUserByEmail } from '@/lib/features/auth/users';
import { provisionTenantWithAdmin } from '@/lib/features/organisation/provision-with-admin';
import { closePools, directDb } from '@/lib/infra/db/pool';
import { installJobQueue } from '@/lib/jobs/worker';
import { migrateShared } from '@/lib/tenancy';
import { stopTenancyListener } from '@/lib/tenancy/resolve-host';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { request, startApp, type AppServer, type HttpResult } from '@/harness/app-server';
import { requirePooledUrl, testProcessEnv } from '@/harness/env';
import { startTestIdp, type TestIdp } from '@/harness/oidc-provider';
import { callAction } from '@/harness/server-action';

const P = 'sso';
const PASSWORD = 'password123';
const SECRET_KEY = 'single-sign-on-test-key-0123456789abcdef';
const A = { schema: `${P}_a`, admin: `admin@${P}-a.test`, member: `member@${P}-a.test` };
const B = { schema: `${P}_b`, admin: `admin@${P}-b.test`, member: `member@${P}-b.test` };

let app: AppServer;
let idp: TestIdp;
const hostOf = (t: typeof A) => `${t.schema.replace('_', '-')}.localhost:${app.port}`;

type Jar = Map<string, Map<string, string>>;

/** One GET (or POST) to any loopback URL (Node resolves no *.localhost: connect to 127.0.0.1, Host header), with the jar's cookies. */
function send(url: URL, jar: Jar, method = 'GET'): Promise<HttpResult> {
  const cookies = [...(jar.get(url.host) ?? new Map()).entries()].map(([k, v]) => `${k}=${v}`).join('; ');
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: Number(url.port),
        method,
        path: url.pathname + url.search,
        headers: { host: url.host, ...(cookies ? { cookie: cookies } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const byName = jar.get(url.host) ?? new Map<string, string>();
          for (const c of res.headers['set-cookie'] ?? []) {
            const [pair, ...attrs] = c.split(';');
            const eq = pair!.indexOf('=');
            const name = pair!.slice(0, eq).trim();
            const value = pair!.slice(eq + 1).trim();
            if (!value || attrs.some((a) => /^\s*max-age=0$/i.test(a) || /^\s*expires=thu, 01 jan 1970/i.test(a))) byName.delete(name);
            else byName.set(name, value);
          }
          jar.set(url.host, byName);
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, text });
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Follows redirects from `start` until `stop(url)` says so (that URL is not requested) or a page answers. */
async function follow(start: URL, jar: Jar, stop: (u: URL) => boolean = () => false): Promise<{ url: URL; res: HttpResult | null }> {
  let url = start;
  for (let i = 0; i < 20; i++) {
    if (stop(url)) return { url, res: null };
    const res = await send(url, jar);
    const location = res.headers.location;
    if (res.status < 300 || res.status >= 400 || !location) return { url, res };
    url = new URL(location, url);
  }
  throw new Error('too many redirects');
}

const atCallback = (u: URL) => u.pathname === '/sso/callback';
const sessionOf = (jar: Jar, t: typeof A) => jar.get(hostOf(t))?.get('next-auth.session-token') ?? null;
const refusalOf = (res: HttpResult | null) => {
  const location = res?.headers.location ?? '';
  return location.startsWith('/login?error=') ? new URL(location, 'http://x').searchParams.get('error') : null;
};

/** The browser's way through: the login button, the provider (signing in `sub`), up to the callback (not yet requested). */
async function toCallback(t: typeof A, sub: string, jar: Jar = new Map()) {
  idp.signInAs(sub);
  const { url } = await follow(new URL(`http://${hostOf(t)}/sso/start`), jar, atCallback);
  expect(url.pathname).toBe('/sso/callback');
  return { callback: url, jar };
}

async function identityOf(t: typeof A, session: string) {
  const r = await request<{ identity?: { email: string; role: string } } | null>(app.port, hostOf(t), 'GET', '/api/auth/session', {
    headers: { cookie: `next-auth.session-token=${session}` },
  });
  return r.body?.identity ?? null;
}

/** next-auth's credentials callback as the login form posts it: the session cookie, or the error. */
async function passwordLogin(t: typeof A, email: string) {
  const host = hostOf(t);
  const csrf = await request<{ csrfToken: string }>(app.port, host, 'GET', '/api/auth/csrf');
  const cookie = (csrf.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
  const body = new URLSearchParams({ csrfToken: csrf.body.csrfToken, email, password: PASSWORD, json: 'true' });
  const r = await request<{ url?: string }>(app.port, host, 'POST', '/api/auth/callback/credentials', {
    body: body.toString(),
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
  });
  const session = (r.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]!).find((c) => /^next-auth\.session-token=./.test(c));
  const url = String(r.body?.url ?? r.headers.location ?? '');
  return { session: session ?? null, error: url.includes('error=') ? new URL(url, 'http://x').searchParams.get('error') : null };
}

beforeAll(async () => {
  requirePooledUrl();
  process.env.QUORUM_SECRET_KEY = SECRET_KEY;
  await migrateShared(directDb());
  await installJobQueue();
  for (const t of [A, B]) {
    await provisionTenantWithAdmin(directDb(), {
      schema: t.schema,
      name: `SSO ${t.schema}`,
      domain: `${t.schema.replace('_', '-')}.localhost`,
      admin: { email: t.admin, password: PASSWORD },
    });
    await withTenant({ schema: t.schema }, (db) => createUser(db, { email: t.member, password: PASSWORD }));
  }
  app = await startApp({
    ...testProcessEnv(),
    QUORUM_SECRET_KEY: SECRET_KEY,
    QUORUM_SSO_HTTP_LOOPBACK: '1',
    LINK_SCHEME: 'http',
    LOGIN_LIMIT_PER_ADDRESS: '100000',
    LOGIN_LIMIT_PER_TENANT_ADDRESS: '100000',
    LOGIN_LIMIT_PER_ACCOUNT: '1000',
  });
  idp = await startTestIdp([A, B].map((t) => `http://${hostOf(t)}/sso/callback`));
  for (const [sub, email, verified] of [
    ['a-member', A.member, true],
    ['a-admin', A.admin, true],
    ['newcomer', `new@${P}-a.test`, true],
    ['unverified', A.member, false],
    ['b-member', B.member, true],
    ['stranger', `stranger@${P}.test`, true],
  ] as const) {
    idp.accounts.set(sub, { email, email_verified: verified, name: sub });
  }
  // B: the same provider, its own settings (creation off); A is configured through its page below.
  await withTenant({ schema: B.schema }, (db) =>
    saveSso(db, {
      displayName: 'B IdP',
      issuer: idp.issuer,
      clientId: idp.clientId,
      clientSecret: idp.clientSecret,
      enabled: true,
      createMembers: false,
      requireSso: false,
    }),
  );
}, 300_000);

afterAll(async () => {
  await idp?.stop();
  await app?.stop();
  await stopTenancyListener();
  await closePools();
  delete process.env.QUORUM_SECRET_KEY;
});

describe('single sign-on settings (admins only)', () => {
  const fields = () => ({
    displayName: 'Test IdP',
    issuer: idp.issuer,
    clientId: idp.clientId,
    clientSecret: idp.clientSecret,
    enabled: 'on',
    createMembers: 'on',
  });

  it('an admin tests the discovery (a sentence for what is wrong), saves it, and the secret is stored sealed', async () => {
    const admin = (await passwordLogin(A, A.admin)).session!;
    expect(admin).toBeTruthy();
    const bad = await callAction(app, hostOf(A), '/settings/sso', 'ssoSettingsAction', admin, {
      ...fields(),
      issuer: 'http://127.0.0.1:1',
      intent: 'test',
    });
    expect(bad.text).toContain('The issuer could not be reached');
    const good = await callAction(app, hostOf(A), '/settings/sso', 'ssoSettingsAction', admin, { ...fields(), intent: 'test' });
    expect(good.text).toContain(`The discovery document of ${idp.issuer} is valid.`);
    const saved = await callAction(app, hostOf(A), '/settings/sso', 'ssoSettingsAction', admin, { ...fields(), intent: 'save' });
    expect(saved.text).toContain('“Sign in with Test IdP” is on.');
    expect(saved.text).not.toContain(idp.clientSecret);
    const row = await withTenant({ schema: A.schema }, (db) => db.selectFrom('single_sign_on').selectAll().executeTakeFirstOrThrow());
    expect(row.client_secret).toMatch(/^v1:/);
    expect(row.client_secret).not.toContain(idp.clientSecret);
    const page = await request(app.port, hostOf(A), 'GET', '/settings/sso', { headers: { cookie: admin } });
    expect(page.text).toContain('Set. Leave blank to keep it.');
    expect(page.text).not.toContain(idp.clientSecret);
    const login = await request(app.port, hostOf(A), 'GET', '/login');
    expect(login.text).toMatch(/Sign in with (<!-- -->)?Test IdP/);
  });

  it('a member cannot change it', async () => {
    const member = (await passwordLogin(A, A.member)).session!;
    const r = await callAction(app, hostOf(A), '/settings/sso', 'ssoSettingsAction', member, {
      ...fields(),
      displayName: 'Hijack',
      intent: 'save',
    });
    expect(r.text).not.toContain('Saved.');
    const row = await withTenant({ schema: A.schema }, (db) =>
      db.selectFrom('single_sign_on').select('display_name').executeTakeFirstOrThrow(),
    );
    expect(row.display_name).toBe('Test IdP');
  });
});

describe('the sign-in flow against a real provider', () => {
  it('signs a known member in with the same session as a password login', async () => {
    const fetchedBefore = idp.discoveryFetches();
    const { callback, jar } = await toCallback(A, 'a-member');
    const { res } = await follow(callback, jar, (u) => u.pathname === '/');
    // The provider's configuration is reused by sign-ins (at most one fetch for start and callback).
    expect(idp.discoveryFetches() - fetchedBefore).toBeLessThanOrEqual(1);
    expect(res).toBeNull(); // stopped at the polls page: the callback redirected there
    const session = sessionOf(jar, A);
    expect(session).toBeTruthy();
    expect(await identityOf(A, session!)).toMatchObject({ email: A.member, role: 'member' });
    // The state cookie is gone once used.
    expect(jar.get(hostOf(A))?.has('quorum-sso')).toBe(false);
  });

  it('creates a member on first login when the organisation allows it (in that organisation only)', async () => {
    const { callback, jar } = await toCallback(A, 'newcomer');
    await follow(callback, jar, (u) => u.pathname === '/');
    expect(await identityOf(A, sessionOf(jar, A)!)).toMatchObject({ email: `new@${P}-a.test`, role: 'member' });
    expect(await withTenant({ schema: A.schema }, (db) => findUserByEmail(db, `new@${P}-a.test`))).toMatchObject({ role: 'member' });
    expect(await withTenant({ schema: B.schema }, (db) => findUserByEmail(db, `new@${P}-a.test`))).toBeUndefined();
  });

  it('refuses an unknown user when creation is off, and an unverified email, with a sentence', async () => {
    const unknown = await toCallback(B, 'stranger');
    const r1 = await send(unknown.callback, unknown.jar);
    expect(refusalOf(r1)).toBe(SSO_REFUSED.unknown);
    expect(sessionOf(unknown.jar, B)).toBeNull();
    const unverified = await toCallback(A, 'unverified');
    const r2 = await send(unverified.callback, unverified.jar);
    expect(refusalOf(r2)).toBe(SSO_REFUSED.unverified);
    expect(sessionOf(unverified.jar, A)).toBeNull();
    // The login page shows the sentence (never a 500).
    const page = await send(new URL(r2.headers.location!, `http://${hostOf(A)}`), unverified.jar);
    expect(page.status).toBe(200);
    expect(page.text).toContain('has not verified your email address');
  });

  it('refuses a replayed callback (state used, or the cookie kept and the code reused)', async () => {
    const { callback, jar } = await toCallback(A, 'a-member');
    const kept = new Map(jar.get(hostOf(A)));
    const first = await send(callback, jar);
    expect(first.headers.location).toBe('/');
    // The browser's own replay: the state cookie was cleared.
    const again = await send(callback, new Map([[hostOf(A), new Map([...jar.get(hostOf(A))!].filter(([k]) => k === 'quorum-sso'))]]));
    expect(refusalOf(again)).toBe(SSO_REFUSED.state);
    // A replay with the state cookie kept: the provider refuses the used code.
    const replay = await send(callback, new Map([[hostOf(A), kept]]));
    expect(refusalOf(replay)).toBe(SSO_REFUSED.failed);
    expect(replay.headers['set-cookie']?.some((c) => /^next-auth\.session-token=[^;]/.test(c))).toBeFalsy();
  });

  it('refuses a callback carried to another organisation’s host, with or without its state cookie', async () => {
    const { callback, jar } = await toCallback(A, 'a-member');
    const onB = new URL(callback.pathname + callback.search, `http://${hostOf(B)}`);
    // The state cookie is host-only: the browser would not send it to B.
    const plain = await send(onB, new Map());
    expect(refusalOf(plain)).toBe(SSO_REFUSED.state);
    // Carried by hand: bound to A's tenant.
    const carried = await send(onB, new Map([[hostOf(B), new Map(jar.get(hostOf(A)))]]));
    expect(refusalOf(carried)).toBe(SSO_REFUSED.state);
    expect(carried.headers['set-cookie']?.some((c) => /^next-auth\.session-token=[^;]/.test(c))).toBeFalsy();
  });

  it('an IdP error lands on the login page with a sentence', async () => {
    const { callback, jar } = await toCallback(A, 'a-member');
    const denied = new URL(`/sso/callback?error=access_denied&state=${callback.searchParams.get('state')}`, callback);
    expect(refusalOf(await send(denied, jar))).toBe(SSO_REFUSED.denied);
  });
});

describe('in Chromium', () => {
  it('the login page’s button signs a member in, and a refusal is a sentence on the login page', async () => {
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'],
    });
    try {
      const origin = `http://${hostOf(A)}`;
      const page = await (await browser.newContext()).newPage();
      idp.signInAs('a-member');
      await page.goto(`${origin}/login`);
      await page.getByRole('link', { name: 'Sign in with Test IdP' }).click();
      await page.waitForURL((u) => u.origin === origin && u.pathname === '/');
      await page.getByRole('button', { name: /log out/i }).waitFor();
      const refused = await (await browser.newContext()).newPage();
      idp.signInAs('unverified');
      await refused.goto(`${origin}/login`);
      await refused.getByRole('link', { name: 'Sign in with Test IdP' }).click();
      await refused.waitForURL((u) => u.origin === origin && u.pathname === '/login');
      await refused.getByText(SSO_REFUSED.unverified).waitFor();
    } finally {
      await browser.close();
    }
  }, 60_000);
});

describe('"require single sign-on"', () => {
  it('makes the password login refuse members (browser and /api/login) but not admins', async () => {
    await withTenant({ schema: A.schema }, (db) => db.updateTable('single_sign_on').set({ require_sso: true }).execute());
    const member = await passwordLogin(A, A.member);
    expect(member.session).toBeNull();
    expect(member.error).toMatch(/signs its members in with single sign-on/);
    const api = await request<{ error?: string }>(app.port, hostOf(A), 'POST', '/api/login', {
      json: { email: A.member, password: PASSWORD },
    });
    expect(api.status).toBe(403);
    const admin = await passwordLogin(A, A.admin);
    expect(admin.session).toBeTruthy();
    // B requires nothing: its member still logs in with the password.
    expect((await passwordLogin(B, B.member)).session).toBeTruthy();
    // And single sign-on still works for A's member.
    const { callback, jar } = await toCallback(A, 'a-member');
    await follow(callback, jar, (u) => u.pathname === '/');
    expect(await identityOf(A, sessionOf(jar, A)!)).toMatchObject({ email: A.member });
  });
});
