// The whole product in two-role mode (issue 12): the BUILT app and the job worker run with
// DATABASE_URL = the request-only role `quorum_req` through PgBouncer, the owner only on the direct
// connection. The main flows go over HTTP — signup and settings through a browser (they are
// server-action forms), the rest through the JSON API — and the database itself refuses what a
// tenant transaction must not do, in this same setup: another tenant's tables, the job queue's
// tables, other tenants' jobs.
import http from 'node:http';
import { sql } from 'kysely';
import type { Runner } from 'graphile-worker';
import { chromium, type Browser, type Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePools, directDb, pooledDb } from '@/lib/infra/db/pool';
import { cancelJob, enqueueTenantJob } from '@/lib/infra/queue/queue';
import { installJobQueue, startWorker } from '@/lib/jobs/worker';
import { migrateShared, migrateTenants } from '@/lib/tenancy/migrate/runner';
import { stopTenancyListener } from '@/lib/tenancy/resolve-host';
import { roleMode, tenantRoleName } from '@/lib/tenancy/tenant-roles';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { provisionTenantWithAdmin } from '@/lib/features/organisation/provision-with-admin';
import { request, startApp, type AppServer } from '@/harness/app-server';
import { testEnv, testProcessEnv } from '@/harness/env';
import { firstLink, startSmtp, type ReceivedMail, type TestSmtp } from '@/harness/smtp';
import { sqlState as code, waitFor } from '@/harness/wait';

const env = testEnv();
const saved = {
  DATABASE_URL: process.env.DATABASE_URL,
  DIRECT_DATABASE_URL: process.env.DIRECT_DATABASE_URL,
  SMTP_URL: process.env.SMTP_URL,
  ROOT_DOMAIN: process.env.ROOT_DOMAIN,
};
const SUB = 'duo'; // signed up over HTTP below; schema `duo`
const OTHER = 'duo_other'; // provisioned by the owner; the "other tenant"
const ADMIN = { email: 'founder@duo.test', password: 'duo-founder-pass' };

let app: AppServer;
let smtp: TestSmtp;
let worker: Runner;
let browser: Browser;
let token: string;

const host = (sub: string) => `${sub}.localhost:${app.port}`;
const origin = (sub: string) => `http://${host(sub)}`;
const call = <T = Record<string, unknown>>(method: string, path: string, opts: Parameters<typeof request>[4] = {}) =>
  request<T>(app.port, host(SUB), method, path, opts);

const mailTo = (address: string): Promise<ReceivedMail> =>
  waitFor(`an email to ${address}`, async () => smtp.messages.find((m) => m.to.includes(address)));

async function tenantId(schema: string): Promise<number> {
  const row = await directDb().selectFrom('public.tenants').select('id').where('schema_name', '=', schema).executeTakeFirstOrThrow();
  return row.id;
}

async function apiLogin(email: string, password: string): Promise<{ status: number; token?: string }> {
  const r = await call<{ token?: string }>('POST', '/api/login', { json: { email, password } });
  return { status: r.status, token: r.body.token };
}

/** POST of raw bytes (the shared helper sends strings). */
function postBytes(path: string, bytes: Buffer, contentType: string, bearer: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers = {
      host: host(SUB),
      'content-type': contentType,
      'content-length': String(bytes.length),
      authorization: `Bearer ${bearer}`,
    };
    const req = http.request({ host: '127.0.0.1', port: app.port, method: 'POST', path, headers }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(bytes);
  });
}

async function browserLogin(page: Page, sub: string, email: string, password: string): Promise<void> {
  await page.goto(`${origin(sub)}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(`${origin(sub)}/`);
}

beforeAll(async () => {
  if (!env.requestPooledUrl) throw new Error('this test needs PgBouncer (the request role goes through it)');
  await closePools();
  process.env.DATABASE_URL = env.requestPooledUrl;
  process.env.DIRECT_DATABASE_URL = env.directUrl;
  // `tenants migrate` as an operator runs it: shared migrations, the job queue, then the tenants
  // with the role sync (the group role, its EXECUTE grant, every tenant role present).
  await migrateShared(directDb());
  await installJobQueue();
  await migrateTenants(directDb(), { concurrency: 4 });
  await provisionTenantWithAdmin(directDb(), {
    schema: OTHER,
    name: 'Other org',
    domain: 'duo-other.localhost',
    admin: { email: 'admin@duo-other.test', password: 'other-password' },
  });
  await withTenant({ schema: OTHER }, (db) => db.insertInto('polls').values({ question: 'secret of the other tenant' }).execute());
  smtp = await startSmtp();
  app = await startApp({ ...testProcessEnv(), DATABASE_URL: env.requestPooledUrl, LOGIN_LIMIT_PER_ADDRESS: '100000' });
  // The worker runs here, in two-role mode too: the queue on the owner's direct connection, the
  // jobs' work through PgBouncer as the request role switched to the job's tenant.
  process.env.SMTP_URL = smtp.url;
  process.env.ROOT_DOMAIN = app.rootDomain;
  worker = await startWorker({ concurrency: 2, pollInterval: 200 });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'],
  });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
  await smtp?.stop();
  await app?.stop();
  await stopTenancyListener();
  await closePools();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe('the built app in two-role mode', () => {
  it('runs in two-role mode with the request role through PgBouncer', () => {
    expect(roleMode()).toEqual({ mode: 'two-role', owner: 'quorum', request: 'quorum_req' });
  });

  it('a visitor signs up a new organisation (availability check, provisioning with its role) and logs in', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(`http://${app.rootDomain}/signup`);
    await page.getByLabel('Organisation name').fill('Duo Org');
    await page.getByLabel('Subdomain').fill(SUB);
    await page.getByText(`${SUB}.${app.rootDomain} is available.`).waitFor();
    await page.getByLabel(/Your email/).fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByLabel('Anyone with the address').check();
    await page.getByRole('button', { name: 'Create organisation' }).click();
    // Signup hands the new admin's session to the organisation's own host (/welcome?token=…).
    await page.waitForURL((u) => u.origin === origin(SUB) && u.pathname === '/');
    await page.getByRole('button', { name: /log out/i }).waitFor();
    await page.context().clearCookies();
    // And the password works on the organisation's login page.
    await page.goto(`${origin(SUB)}/login`);
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL((u) => u.origin === origin(SUB) && u.pathname === '/');
    await ctx.close();
    const role = await sql<{ member: boolean }>`select pg_has_role('quorum_req', ${tenantRoleName(SUB)}, 'MEMBER') as member`.execute(
      directDb(),
    );
    expect(role.rows[0].member).toBe(true);

    const login = await apiLogin(ADMIN.email, ADMIN.password);
    expect(login.status).toBe(200);
    token = login.token!;
    expect((await apiLogin(ADMIN.email, 'wrong-password')).status).toBe(401);
  });

  it('a poll with closes_at queues its job in the tenant transaction; the worker closes it; votes before, 409 after', async () => {
    const closesAt = new Date(Date.now() + 4000).toISOString();
    const created = await call<{ id: number; choices: { id: number }[] }>('POST', '/api/polls', {
      token,
      json: { question: 'Closes soon?', choices: ['yes', 'no'], closes_at: closesAt },
    });
    expect(created.status, created.text).toBe(201);
    const id = created.body.id;
    const key = `close_poll:${await tenantId(SUB)}:${id}`;
    const job = await sql<{ n: number }>`select count(*)::int as n from graphile_worker.jobs where key = ${key}`.execute(directDb());
    expect(job.rows[0].n).toBe(1);
    const vote = await call('POST', `/api/polls/${id}/votes`, { token, json: { choice_id: created.body.choices[0].id } });
    expect(vote.status, vote.text).toBe(201);

    // The job ran (as the request role switched to this tenant) and recorded the closing.
    const closedAt = await waitFor('the close_poll job', async () => {
      const row = await withTenant(
        { schema: SUB },
        (db) => db.selectFrom('polls').select('closed_at').where('id', '=', id).executeTakeFirstOrThrow(),
        directDb(),
      );
      return row.closed_at ?? undefined;
    });
    expect(closedAt).toBeInstanceOf(Date);
    const left = await sql<{ n: number }>`select count(*)::int as n from graphile_worker.jobs where key = ${key}`.execute(directDb());
    expect(left.rows[0].n).toBe(0);
    const late = await call('POST', `/api/polls/${id}/votes`, { token, json: { choice_id: created.body.choices[1].id } });
    expect(late.status).toBe(409);
    const got = await call<{ poll: { closed: boolean; choices: { votes: number }[] } }>('GET', `/api/polls/${id}`, { token });
    expect(got.body.poll.closed).toBe(true);
    expect(got.body.poll.choices.map((c) => c.votes)).toEqual([1, 0]);
  });

  it('the JSON API with the token, and anonymous reads (the lean path) answer this tenant only', async () => {
    const mine = await call<{ tenant: string; polls: { question: string }[] }>('GET', '/api/polls', { token });
    expect(mine.status).toBe(200);
    expect(mine.body.tenant).toBe(SUB);
    expect(mine.body.polls.map((p) => p.question)).toEqual(['Closes soon?']);
    const anon = await call<{ tenant: string; polls: { question: string }[] }>('GET', '/api/polls');
    expect(anon.status).toBe(200);
    expect(anon.body.polls.map((p) => p.question)).toEqual(['Closes soon?']);
    // The token is this tenant's only.
    const elsewhere = await request(app.port, host('duo-other'), 'GET', '/api/polls', { token });
    expect(JSON.stringify(elsewhere.body)).not.toContain('Closes soon?');
    const tls = await request(app.port, app.rootDomain, 'GET', `/api/domains/tls-ask?domain=${SUB}.localhost`);
    expect(tls.status).toBe(200);
  });

  it('an invitation is queued in the tenant transaction, mailed by the worker, and accepted', async () => {
    const r = await call('POST', '/api/invitations', { token, json: { email: 'guest@example.com', role: 'member' } });
    expect(r.status, r.text).toBe(202);
    const mail = await mailTo('guest@example.com');
    const link = firstLink(mail.text);
    expect(link.host).toBe(host(SUB));
    const accepted = await call('POST', '/api/invitations/accept', {
      json: { token: link.searchParams.get('token'), name: 'Guest', password: 'guest-password' },
    });
    expect(accepted.status, accepted.text).toBe(201);
    expect((await apiLogin('guest@example.com', 'guest-password')).status).toBe(200);
  });

  it('a password reset is queued, mailed and confirmed', async () => {
    const r = await call('POST', '/api/password-reset', { json: { email: ADMIN.email } });
    expect(r.status, r.text).toBe(202);
    const mail = await mailTo(ADMIN.email);
    const resetToken = firstLink(mail.text).searchParams.get('token');
    const ok = await call('POST', '/api/password-reset/confirm', { json: { token: resetToken, password: 'duo-new-password' } });
    expect(ok.status, ok.text).toBe(200);
    ADMIN.password = 'duo-new-password';
    const login = await apiLogin(ADMIN.email, ADMIN.password);
    expect(login.status).toBe(200);
    token = login.token!; // the reset revoked the earlier tokens
  });

  it('a logo is uploaded and served', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 7)]);
    const up = await postBytes('/api/logo', png, 'image/png', token);
    expect(up.status, up.text).toBe(201);
    const got = await call('GET', '/api/logo');
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
  });

  it('settings: the admin renames the organisation and turns anonymous reads off and on again', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await browserLogin(page, SUB, ADMIN.email, ADMIN.password);
    await page.goto(`${origin(SUB)}/settings`);
    await page.getByLabel('Organisation name').fill('Duo Org renamed');
    await page.getByLabel('Only people with an account here').check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved.').waitFor();
    // Every app process drops its cached tenant on the change notification.
    await waitFor('anonymous reads refused', async () => ((await call('GET', '/api/polls')).status === 401 ? true : undefined));
    expect((await call('GET', '/api/polls', { token })).status).toBe(200);
    const row = await directDb().selectFrom('public.tenants').select('name').where('schema_name', '=', SUB).executeTakeFirstOrThrow();
    expect(row.name).toBe('Duo Org renamed');

    await page.getByLabel('Anyone with the address').check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved.').waitFor();
    await waitFor('anonymous reads allowed', async () => ((await call('GET', '/api/polls')).status === 200 ? true : undefined));
    await ctx.close();
  });
});

describe('what the database refuses in the same setup', () => {
  it('a cross-tenant read or write from a tenant transaction is permission denied', async () => {
    expect(await code(withTenant({ schema: SUB }, (db) => sql`select * from ${sql.id(OTHER, 'polls')}`.execute(db)))).toBe('42501');
    expect(await code(withTenant({ schema: SUB }, (db) => sql`delete from ${sql.id(OTHER, 'polls')}`.execute(db)))).toBe('42501');
    const still = await withTenant({ schema: OTHER }, (db) => db.selectFrom('polls').select('question').execute());
    expect(still).toEqual([{ question: 'secret of the other tenant' }]);
  });

  it('a tenant transaction cannot read the queue, call graphile-worker, or queue and remove jobs of another tenant', async () => {
    const mine = { id: await tenantId(SUB) };
    const other = { id: await tenantId(OTHER) };
    expect(await code(withTenant({ schema: SUB }, (db) => sql`select * from graphile_worker.jobs`.execute(db)))).toBe('42501');
    expect(await code(withTenant({ schema: SUB }, (db) => sql`select graphile_worker.remove_job('x')`.execute(db)))).toBe('42501');
    expect(await code(withTenant({ schema: SUB }, (db) => sql`select graphile_worker.add_job('close_poll')`.execute(db)))).toBe('42501');
    // Through the wrapper, only for itself.
    const later = new Date(Date.now() + 3_600_000);
    expect(
      await code(
        withTenant({ schema: SUB }, (db) => enqueueTenantJob(db, other, 'close_poll', { pollId: 1 }, { runAt: later, jobKey: '1' })),
      ),
    ).toBe('42501');
    // The other tenant's own job under a key that this tenant also uses: removing "its" key leaves the other one alone.
    await withTenant({ schema: OTHER }, (db) => enqueueTenantJob(db, other, 'close_poll', { pollId: 1 }, { runAt: later, jobKey: '1' }));
    await withTenant({ schema: SUB }, (db) => cancelJob(db, mine, 'close_poll', '1'));
    expect(await code(withTenant({ schema: SUB }, (db) => cancelJob(db, other, 'close_poll', '1')))).toBe('42501');
    const jobs = await sql<{ key: string; payload: { tenantId: number } }>`
      select key, payload from graphile_worker._private_jobs where key = ${`close_poll:${other.id}:1`}`.execute(directDb());
    expect(jobs.rows).toEqual([{ key: `close_poll:${other.id}:1`, payload: { pollId: 1, tenantId: other.id } }]);
    await withTenant({ schema: OTHER }, (db) => cancelJob(db, other, 'close_poll', '1'));
    const gone = await sql<{
      n: number;
    }>`select count(*)::int as n from graphile_worker.jobs where key = ${`close_poll:${other.id}:1`}`.execute(directDb());
    expect(gone.rows[0].n).toBe(0);
    // Outside any tenant transaction the request role may not call the wrapper at all.
    expect(await code(enqueueTenantJob(pooledDb(), mine, 'close_poll', { pollId: 1 }))).toBe('42501');
  });
});
