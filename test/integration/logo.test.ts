import { existsSync } from 'node:fs';
import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePools, directDb } from '@/lib/infra/db/pool';
import { migrateShared } from '@/lib/tenancy';
import { provisionTenantWithAdmin } from '@/lib/features/organisation/provision-with-admin';
import { stopTenancyListener } from '@/lib/tenancy/resolve-host';
import { deleteTenant } from '@/lib/platform/tenants';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { createUser } from '@/lib/features/auth/users';
import { request, startApp, type AppServer } from '@/harness/app-server';
import { requirePooledUrl, testProcessEnv } from '@/harness/env';
import { browserLogin } from '@/harness/browser-login';

let app: AppServer;
let storageDir: string;
const tokens: Record<string, string> = {};
const call = <T = Record<string, unknown>>(sub: string, method: string, p: string, opts: Parameters<typeof request>[4] = {}) =>
  request<T>(app.port, `${sub}.localhost:${app.port}`, method, p, opts);

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 7)]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(100, 1)]);

async function login(sub: string, email: string) {
  const r = await call<{ token: string }>(sub, 'POST', '/api/login', { json: { email, password: 'password123' } });
  expect(r.status, r.text).toBe(200);
  return r.body.token;
}

beforeAll(async () => {
  requirePooledUrl();
  await migrateShared(directDb());
  for (const s of ['logo_a', 'logo_b']) {
    const d = s.replace('_', '-');
    await provisionTenantWithAdmin(directDb(), {
      schema: s,
      name: s,
      domain: `${d}.localhost`,
      admin: { email: `admin@${d}.test`, password: 'password123' },
    });
    await withTenant({ schema: s }, (db) => createUser(db, { email: `member@${d}.test`, password: 'password123' }));
  }
  storageDir = await mkdtemp(path.join(os.tmpdir(), 'quorum-logo-'));
  process.env.STORAGE_DIR = storageDir; // for deleteTenant in this process
  app = await startApp({ ...testProcessEnv(), STORAGE_DIR: storageDir, LOGIN_LIMIT_PER_ADDRESS: '100000' });
  tokens.a = await login('logo-a', 'admin@logo-a.test');
  tokens.b = await login('logo-b', 'admin@logo-b.test');
  tokens.member = await login('logo-a', 'member@logo-a.test');
}, 300_000);

afterAll(async () => {
  await app?.stop();
  await rm(storageDir, { recursive: true, force: true });
  await stopTenancyListener();
  await closePools();
});

/** POST /api/logo with raw bytes (the shared helper sends strings); `auth` a token, or `{ cookie }` a browser session. */
function upload(sub: string, auth: string | { cookie: string } | undefined, body: Buffer, contentType = 'application/octet-stream') {
  const headers: Record<string, string> = {
    host: `${sub}.localhost:${app.port}`,
    'content-type': contentType,
    'content-length': String(body.length),
  };
  if (typeof auth === 'string') headers.authorization = `Bearer ${auth}`;
  else if (auth) headers.cookie = auth.cookie;
  return new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: app.port, method: 'POST', path: '/api/logo', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** GET /api/logo's bytes. */
function fetchBytes(sub: string, p: string) {
  return new Promise<Buffer>((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port: app.port, path: p, headers: { host: `${sub}.localhost:${app.port}` } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(Buffer.concat(chunks)));
      })
      .on('error', reject);
  });
}

describe('tenant logo', () => {
  it('refuses non-images (whatever their name or type says), oversized files, members and strangers', async () => {
    const svg = await upload('logo-a', tokens.a, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>'), 'image/png');
    expect(svg.status).toBe(400);
    expect(svg.body.error).toBe('The logo must be a PNG, JPEG or WebP image (this file is none of them).');
    const big = await upload('logo-a', tokens.a, Buffer.concat([PNG, Buffer.alloc(1024 * 1024)]));
    expect(big.status).toBe(400);
    expect(big.body.error).toMatch(/larger than 1 MB/);
    expect((await upload('logo-a', tokens.member, PNG)).status).toBe(403);
    expect((await upload('logo-a', undefined, PNG)).status).toBe(401);
    expect((await upload('logo-a', tokens.b, PNG)).status).toBe(401); // logo_b's token means nothing on logo_a
    expect((await call('logo-a', 'GET', '/api/logo')).status).toBe(404);
  });

  it('stores per tenant and serves with the content type, ETag and caching', async () => {
    const put = await upload('logo-a', tokens.a, PNG);
    expect(put.status, JSON.stringify(put.body)).toBe(201);
    expect(put.body).toMatchObject({ content_type: 'image/png', size: PNG.length });
    expect((await upload('logo-b', tokens.b, JPEG)).status).toBe(201);

    const a = await call('logo-a', 'GET', String(put.body.url));
    expect(a.status).toBe(200);
    expect(a.headers['content-type']).toBe('image/png');
    expect(a.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await fetchBytes('logo-a', String(put.body.url))).equals(PNG)).toBe(true);
    expect((await fetchBytes('logo-b', '/api/logo')).equals(JPEG)).toBe(true);
    const plain = await call('logo-a', 'GET', '/api/logo');
    expect(plain.headers['cache-control']).toBe('public, max-age=300');
    const etag = String(plain.headers.etag);
    expect((await call('logo-a', 'GET', '/api/logo', { headers: { 'if-none-match': etag } })).status).toBe(304);
    const b = await call('logo-b', 'GET', '/api/logo');
    expect(b.headers['content-type']).toBe('image/jpeg');
    expect(b.headers.etag).not.toBe(etag);

    // The tenant's header shows it (the home page redirects to login; the login page has the header).
    const page = await call('logo-a', 'GET', '/login');
    expect(page.text).toContain(`/api/logo?v=${etag.replace(/"/g, '')}`);
  });

  it('a browser session uploads as what the database says now: a demoted admin is refused, an admin who must set up two-factor is sent to', async () => {
    await withTenant({ schema: 'logo_a' }, (db) => createUser(db, { email: 'second@logo-a.test', password: 'password123', role: 'admin' }));
    const { session } = await browserLogin(app.port, `logo-a.localhost:${app.port}`, 'second@logo-a.test', 'password123');
    expect(session).not.toBeNull();
    const cookie = { cookie: session! };
    expect((await upload('logo-a', cookie, PNG)).status).toBe(201);
    const setRole = (role: 'admin' | 'member') =>
      withTenant({ schema: 'logo_a' }, (db) => db.updateTable('users').set({ role }).where('email', '=', 'second@logo-a.test').execute());
    const requireTwoFactor = (on: boolean) =>
      withTenant({ schema: 'logo_a' }, (db) =>
        db
          .insertInto('security_settings')
          .values({ id: true, admins_must_use_two_factor: on })
          .onConflict((oc) => oc.column('id').doUpdateSet({ admins_must_use_two_factor: on }))
          .execute(),
      );
    try {
      await setRole('member'); // the cookie still says admin
      const demoted = await upload('logo-a', cookie, PNG);
      expect(demoted.status).toBe(403);
      expect(demoted.body.error).toBe('Only an admin of this organisation can change its logo.');
      await setRole('admin');
      await requireTwoFactor(true); // signed in with a password alone
      const noSecondFactor = await upload('logo-a', cookie, PNG);
      expect(noSecondFactor.status).toBe(403);
      expect(noSecondFactor.body.error).toMatch(/must use two-factor.*\/settings\/security/);
    } finally {
      await requireTwoFactor(false);
      await setRole('admin');
    }
  });

  it('is deleted with the tenant', async () => {
    const row = await directDb().selectFrom('public.tenants').select('id').where('schema_name', '=', 'logo_b').executeTakeFirstOrThrow();
    const dir = path.join(storageDir, 'tenants', String(row.id));
    expect(existsSync(dir)).toBe(true);
    await deleteTenant(directDb(), 'logo_b', { dropSchema: true });
    expect(existsSync(dir)).toBe(false);
    expect((await call('logo-a', 'GET', '/api/logo')).status).toBe(200);
  });
});
