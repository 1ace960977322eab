import { sql } from 'kysely';
import type { Runner } from 'graphile-worker';
import { waitFor } from '@/harness/wait';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePools, directDb } from '@/lib/infra/db/pool';
import { installJobQueue, startWorker } from '@/lib/jobs/worker';
import { migrateShared } from '@/lib/tenancy';
import { provisionTenantWithAdmin } from '@/lib/features/organisation/provision-with-admin';
import { stopTenancyListener } from '@/lib/tenancy/resolve-host';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { INVITATION_GONE, revokeInvitation } from '@/lib/features/users/invitations';
import { createUser } from '@/lib/features/auth/users';
import { request, startApp, type AppServer } from '@/harness/app-server';
import { requirePooledUrl, testProcessEnv } from '@/harness/env';
import { firstLink, startSmtp, type ReceivedMail, type TestSmtp } from '@/harness/smtp';

let app: AppServer;
let smtp: TestSmtp;
let worker: Runner;
const host = (sub: string) => `${sub}.localhost:${app.port}`;
const call = <T = Record<string, unknown>>(sub: string, method: string, path: string, opts: Parameters<typeof request>[4] = {}) =>
  request<T>(app.port, host(sub), method, path, opts);

async function login(sub: string, email: string, password: string) {
  return call<{ token?: string; error?: string }>(sub, 'POST', '/api/login', { json: { email, password } });
}

async function mailTo(address: string, timeoutMs = 20_000): Promise<ReceivedMail> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const m = smtp.messages.find((x) => x.to.includes(address));
    if (m) return m;
    if (Date.now() > until) throw new Error(`no email to ${address} (got: ${smtp.messages.map((x) => x.to).join('; ')})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function queueEmpty(timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = await sql<{ n: number }>`select count(*)::int as n from graphile_worker.jobs`.execute(directDb());
    if (r.rows[0].n === 0) return;
    if (Date.now() > until) throw new Error('the job queue did not drain');
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  requirePooledUrl();
  await migrateShared(directDb());
  await installJobQueue();
  for (const s of ['mail_a', 'mail_b']) {
    const d = s.replace('_', '-');
    await provisionTenantWithAdmin(directDb(), {
      schema: s,
      name: `Org ${s}`,
      domain: `${d}.localhost`,
      admin: { email: `admin@${d}.test`, password: 'password123' },
    });
    await withTenant({ schema: s }, (db) => createUser(db, { email: `member@${d}.test`, password: 'password123' }));
  }
  smtp = await startSmtp();
  app = await startApp({ ...testProcessEnv(), LOGIN_LIMIT_PER_ADDRESS: '100000' });
  // The worker runs here, sending through the test's SMTP server; links point at the app's port.
  process.env.SMTP_URL = smtp.url;
  process.env.ROOT_DOMAIN = app.rootDomain;
  worker = await startWorker({ concurrency: 2, pollInterval: 200 });
}, 300_000);

afterAll(async () => {
  await worker?.stop();
  await smtp?.stop();
  await app?.stop();
  await stopTenancyListener();
  await closePools();
});

describe('invitations by email', () => {
  it('an admin invites; the email links to the tenant host; the link works once', async () => {
    const admin = (await login('mail-a', 'admin@mail-a.test', 'password123')).body.token!;
    const member = (await login('mail-a', 'member@mail-a.test', 'password123')).body.token!;
    const denied = await call('mail-a', 'POST', '/api/invitations', { token: member, json: { email: 'x@example.com' } });
    expect(denied.status).toBe(403);
    const already = await call('mail-a', 'POST', '/api/invitations', { token: admin, json: { email: 'member@mail-a.test' } });
    expect(already.status).toBe(409);
    expect(already.body.error).toMatch(/already a user/);

    const r = await call('mail-a', 'POST', '/api/invitations', { token: admin, json: { email: 'New.Person@Example.com', role: 'member' } });
    expect(r.status, r.text).toBe(202);
    expect(r.body).toMatchObject({ email: 'new.person@example.com', role: 'member', status: 'queued' });
    const days = (Date.parse(String(r.body.expires_at)) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);

    const mail = await mailTo('new.person@example.com');
    expect(mail.subject).toBe('You are invited to Org mail_a on Quorum');
    const link = firstLink(mail.text);
    expect(link.host).toBe(host('mail-a'));
    expect(link.pathname).toBe('/invite');
    const token = link.searchParams.get('token')!;

    // Following the link: the page offers the form; on another tenant's host the token means nothing.
    const page = await call('mail-a', 'GET', `${link.pathname}${link.search}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Choose a password');
    const elsewhere = await call('mail-b', 'GET', `${link.pathname}${link.search}`);
    expect(elsewhere.text).toContain('This link does not work');
    expect((await call('mail-b', 'POST', '/api/invitations/accept', { json: { token, password: 'newperson1' } })).status).toBe(400);

    const accepted = await call('mail-a', 'POST', '/api/invitations/accept', { json: { token, name: 'New', password: 'newperson1' } });
    expect(accepted.status, accepted.text).toBe(201);
    expect(accepted.body).toEqual({ email: 'new.person@example.com', role: 'member' });
    const again = await call('mail-a', 'POST', '/api/invitations/accept', { json: { token, password: 'other-password' } });
    expect(again.status).toBe(400);
    expect(again.body.error).toMatch(/not valid/);
    expect((await login('mail-a', 'new.person@example.com', 'newperson1')).status).toBe(200);
    expect((await login('mail-b', 'new.person@example.com', 'newperson1')).status).toBe(401);
  });

  it('an SMTP failure leaves the invitation queued and the job retries until it is sent', async () => {
    const admin = (await login('mail-a', 'admin@mail-a.test', 'password123')).body.token!;
    const refusedBefore = smtp.refused();
    smtp.failNext(1);
    const r = await call('mail-a', 'POST', '/api/invitations', { token: admin, json: { email: 'retry@example.com' } });
    expect(r.status).toBe(202);
    // The first attempt is refused; until the retry succeeds the invitation shows as queued (not sent).
    const until = Date.now() + 10_000;
    while (smtp.refused() === refusedBefore && Date.now() < until) await new Promise((res) => setTimeout(res, 50));
    expect(smtp.refused()).toBe(refusedBefore + 1);
    const pending = await withTenant({ schema: 'mail_a' }, (db) =>
      db.selectFrom('invitations').select(['sent_at']).where('email', '=', 'retry@example.com').executeTakeFirstOrThrow(),
    );
    expect(pending.sent_at).toBeNull();
    const mail = await mailTo('retry@example.com', 30_000);
    const token = firstLink(mail.text).searchParams.get('token')!;
    // The job marks the invitation sent once the SMTP server has taken the mail: just after it arrived.
    const sentAt = () =>
      withTenant({ schema: 'mail_a' }, (db) =>
        db.selectFrom('invitations').select(['sent_at']).where('email', '=', 'retry@example.com').executeTakeFirstOrThrow(),
      ).then((row) => row.sent_at ?? undefined);
    expect(await waitFor('the invitation to be marked sent', sentAt, 10_000)).toBeInstanceOf(Date);
    expect((await call('mail-a', 'POST', '/api/invitations/accept', { json: { token, password: 'retry-pass1' } })).status).toBe(201);
  }, 60_000);
  it('a withdrawn invitation’s link stops working at once, and a withdrawn one is gone for good', async () => {
    const admin = (await login('mail-a', 'admin@mail-a.test', 'password123')).body.token!;
    const r = await call('mail-a', 'POST', '/api/invitations', { token: admin, json: { email: 'withdrawn@example.com' } });
    expect(r.status).toBe(202);
    const token = firstLink((await mailTo('withdrawn@example.com')).text).searchParams.get('token')!;
    const inv = await withTenant({ schema: 'mail_a' }, (db) =>
      db.selectFrom('invitations').select(['id']).where('email', '=', 'withdrawn@example.com').executeTakeFirstOrThrow(),
    );
    expect(await withTenant({ schema: 'mail_a' }, (db) => revokeInvitation(db, inv.id))).toEqual({ email: 'withdrawn@example.com' });
    const accept = await call('mail-a', 'POST', '/api/invitations/accept', { json: { token, password: 'withdrawn1' } });
    expect(accept.status).toBe(400);
    await expect(withTenant({ schema: 'mail_a' }, (db) => revokeInvitation(db, inv.id))).rejects.toThrow(INVITATION_GONE);
  });
});

describe('password reset by email', () => {
  it('answers the same for unknown addresses, sends one single-use link valid for an hour', async () => {
    const before = smtp.messages.length;
    const known = await call('mail-b', 'POST', '/api/password-reset', { json: { email: 'Member@Mail-B.test' } });
    const unknown = await call('mail-b', 'POST', '/api/password-reset', { json: { email: 'nobody@mail-b.test' } });
    const otherTenant = await call('mail-b', 'POST', '/api/password-reset', { json: { email: 'member@mail-a.test' } });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(unknown.body).toEqual(known.body);
    expect(otherTenant.body).toEqual(known.body);
    const mail = await mailTo('member@mail-b.test');
    await queueEmpty();
    expect(smtp.messages.length - before).toBe(1); // nothing for the unknown address, nor for mail_a's member
    expect(mail.subject).toBe('Reset your Org mail_b password');
    const link = firstLink(mail.text);
    expect(link.host).toBe(host('mail-b'));
    expect(link.pathname).toBe('/reset-password');
    const token = link.searchParams.get('token')!;
    const expires = await withTenant({ schema: 'mail_b' }, (db) =>
      db
        .selectFrom('password_resets')
        .select(sql<number>`extract(epoch from expires_at - created_at)::int`.as('s'))
        .executeTakeFirstOrThrow(),
    );
    expect(expires.s).toBe(3600);

    const page = await call('mail-b', 'GET', `${link.pathname}${link.search}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Set the new password');
    expect((await call('mail-b', 'GET', '/reset-password?token=nope')).text).toContain('This link does not work');

    const weak = await call('mail-b', 'POST', '/api/password-reset/confirm', { json: { token, password: 'short' } });
    expect(weak.status).toBe(400);
    const ok = await call('mail-b', 'POST', '/api/password-reset/confirm', { json: { token, password: 'brand-new-pass' } });
    expect(ok.status, ok.text).toBe(200);
    const reuse = await call('mail-b', 'POST', '/api/password-reset/confirm', { json: { token, password: 'another-lantern-pass' } });
    expect(reuse.status).toBe(400);
    expect(reuse.body.error).toMatch(/used already or has expired/);
    expect((await login('mail-b', 'member@mail-b.test', 'password123')).status).toBe(401);
    expect((await login('mail-b', 'member@mail-b.test', 'brand-new-pass')).status).toBe(200);
  });

  it('refuses an expired link', async () => {
    await call('mail-a', 'POST', '/api/password-reset', { json: { email: 'admin@mail-a.test' } });
    const token = firstLink((await mailTo('admin@mail-a.test')).text).searchParams.get('token')!;
    await withTenant({ schema: 'mail_a' }, (db) =>
      db
        .updateTable('password_resets')
        .set({ expires_at: sql`now() - interval '1 second'` })
        .execute(),
    );
    const r = await call('mail-a', 'POST', '/api/password-reset/confirm', { json: { token, password: 'too-late-pass' } });
    expect(r.status).toBe(400);
    expect((await login('mail-a', 'admin@mail-a.test', 'password123')).status).toBe(200);
  });
});
