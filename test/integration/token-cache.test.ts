// Bearer tokens are cached per process for reads (lib/auth/api-tokens.ts); writes always look the
// token up, so a revocation or a change of rights made anywhere (here: by another process, the
// test's own) binds the next write at once, and reads as soon as the NOTIFY reaches the app.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePools, directDb } from '@/lib/infra/db/pool';
import { installJobQueue } from '@/lib/jobs/worker';
import { migrateShared } from '@/lib/tenancy/migrate/runner';
import { stopTenancyListener } from '@/lib/tenancy/resolve-host';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { changeRole, removeUser } from '@/lib/features/users/manage';
import { provisionTenantWithAdmin } from '@/lib/features/organisation/provision-with-admin';
import { createUser } from '@/lib/features/auth/users';
import { request, startApp, type AppServer } from '@/harness/app-server';
import { requirePooledUrl, testProcessEnv } from '@/harness/env';

let app: AppServer;
const call = (method: string, path: string, opts: Parameters<typeof request>[4] = {}) =>
  request<Record<string, unknown>>(app.port, `tcache.localhost:${app.port}`, method, path, opts);

async function login(email: string): Promise<string> {
  const r = await call('POST', '/api/login', { json: { email, password: 'password123' } });
  expect(r.status, r.text).toBe(200);
  return r.body.token as string;
}

beforeAll(async () => {
  requirePooledUrl();
  await migrateShared(directDb());
  await installJobQueue();
  await provisionTenantWithAdmin(directDb(), {
    schema: 'tcache',
    name: 'tcache',
    domain: 'tcache.localhost',
    admin: { email: 'admin@tcache.test', password: 'password123' },
  });
  for (const email of ['m1@tcache.test', 'm2@tcache.test'])
    await withTenant({ schema: 'tcache' }, (db) => createUser(db, { email, password: 'password123' }));
  app = await startApp({ ...testProcessEnv(), LOGIN_LIMIT_PER_ADDRESS: '100000', LOGIN_LIMIT_PER_TENANT_ADDRESS: '100000' });
}, 300_000);

afterAll(async () => {
  // The mail jobs this file queued (no worker runs here) would stay pending for the suites that share the database.
  await sql`select graphile_worker.complete_jobs(array(select id from graphile_worker.jobs))`.execute(directDb());
  await app?.stop();
  await stopTenancyListener();
  await closePools();
});

const userId = (email: string) =>
  withTenant(
    { schema: 'tcache' },
    async (db) => (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id,
  );

describe('the per-process token cache', () => {
  it('a role change applies to the next request', async () => {
    const token = await login('m1@tcache.test');
    // Warm the cache (the listener starts on the first token request).
    for (let i = 0; i < 3; i++) expect((await call('GET', '/api/polls', { token })).status).toBe(200);
    const invite = () => call('POST', '/api/invitations', { token, json: { email: `x${Date.now()}@tcache.test` } });
    expect((await invite()).status).toBe(403);
    const id = await userId('m1@tcache.test');
    await withTenant({ schema: 'tcache' }, (db) => changeRole(db, id, 'admin'));
    expect((await invite()).status).toBe(202);
    await withTenant({ schema: 'tcache' }, (db) => changeRole(db, id, 'member'));
    expect((await invite()).status).toBe(403);
  });

  it('a removed user’s token stops working: writes at once, reads once the notice arrives', async () => {
    const token = await login('m2@tcache.test');
    for (let i = 0; i < 3; i++) expect((await call('GET', '/api/polls', { token })).status).toBe(200);
    const id = await userId('m2@tcache.test');
    await withTenant({ schema: 'tcache' }, (db) => removeUser(db, id));
    const w = await call('POST', '/api/polls', { token, json: { question: 'Still here?', choices: ['a', 'b'] } });
    expect(w.status).toBe(401);
    expect(w.body).toEqual({ error: 'The token is invalid or has expired.' });
    // Reads: the NOTIFY reaches the app within milliseconds.
    const deadline = Date.now() + 2_000;
    let r = await call('GET', '/api/polls', { token });
    while (r.status === 200 && Date.now() < deadline) r = await call('GET', '/api/polls', { token });
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ error: 'The token is invalid or has expired.' });
  });
});
