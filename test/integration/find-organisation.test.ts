// Issue 15 item 10: "find your organisation". The request only counts (login_limits) and queues;
// the job looks the address up across every tenant in UNION ALL batches on the direct connection
// and mails the login addresses of the active organisations where it has an account, or nothing.
import { sql } from 'kysely';
import type { Runner } from 'graphile-worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIND_ORGANISATION_LIMITS, requestOrganisationList } from '@/lib/features/auth/find-organisation';
import { resetLoginLimits } from '@/lib/features/auth/rate-limit';
import { closePools, directDb, pooledDb } from '@/lib/infra/db/pool';
import { UserError } from '@/lib/infra/errors';
import { installJobQueue, startWorker } from '@/lib/jobs/worker';
import { migrateShared, tenantsWithUser } from '@/lib/tenancy';
import { updateTenant } from '@/lib/platform';
import { stopTenancyListener } from '@/lib/tenancy/resolve-host';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { provisionTenantWithAdmin } from '@/lib/features/organisation/provision-with-admin';
import { createUser } from '@/lib/features/auth/users';
import { requirePooledUrl } from '@/harness/env';
import { startSmtp, type TestSmtp } from '@/harness/smtp';

const SCHEMAS = ['find_a', 'find_b', 'find_c', 'find_d', 'find_e'];
let smtp: TestSmtp;
let worker: Runner | undefined;

async function jobsFor(email: string): Promise<number> {
  const r = await sql<{
    n: number;
  }>`select count(*)::int as n from graphile_worker.jobs where key = ${`find_organisations:${email}`}`.execute(directDb());
  return r.rows[0].n;
}

beforeAll(async () => {
  requirePooledUrl();
  await migrateShared(directDb());
  await installJobQueue();
  for (const s of SCHEMAS) {
    const d = s.replace('_', '-');
    await provisionTenantWithAdmin(directDb(), {
      schema: s,
      name: `Org ${s.slice(-1).toUpperCase()}`,
      domain: `${d}.localhost`,
      admin: { email: `admin@${d}.test`, password: 'password123' },
    });
  }
  // shared@ has accounts in a, c, d and e; d gets suspended (left out); e's users table is moved away
  // during the lookup test (a batch that fails is probed tenant by tenant; e is skipped, not fatal).
  for (const s of ['find_a', 'find_c', 'find_d', 'find_e'])
    await withTenant({ schema: s }, (db) => createUser(db, { email: 'shared@people.test', password: 'password123' }));
  await updateTenant(directDb(), 'find_d', { status: 'suspended' });
  smtp = await startSmtp();
}, 300_000);

afterAll(async () => {
  await worker?.stop();
  await smtp?.stop();
  await stopTenancyListener();
  await closePools();
});

describe('tenantsWithUser (the cross-tenant lookup)', () => {
  it('finds the active organisations with that address, in any batch size, past a tenant that fails', async () => {
    const all = await tenantsWithUser(directDb(), 'shared@people.test');
    expect(all.map((t) => t.host)).toEqual(['find-a.localhost', 'find-c.localhost', 'find-e.localhost']);
    await sql`alter table find_e.users rename to users_away`.execute(directDb());
    try {
      for (const batchSize of [1, 2, 500]) {
        const found = await tenantsWithUser(directDb(), 'shared@people.test', { batchSize });
        expect(
          found.map((t) => t.host),
          `batch ${batchSize}`,
        ).toEqual(['find-a.localhost', 'find-c.localhost']);
        expect(found.map((t) => t.name)).toEqual(['Org A', 'Org C']);
      }
    } finally {
      await sql`alter table find_e.users_away rename to users`.execute(directDb());
    }
    expect(await tenantsWithUser(directDb(), 'nobody@people.test')).toEqual([]);
    expect(await tenantsWithUser(directDb(), 'admin@find-b.test')).toEqual([expect.objectContaining({ host: 'find-b.localhost' })]);
  });
});

describe('requestOrganisationList (the request)', () => {
  it('queues one keyed job per address; past the per-email limit it queues nothing and says nothing', async () => {
    await resetLoginLimits(pooledDb());
    const email = 'limit@people.test';
    await requestOrganisationList(pooledDb(), email, '127.0.0.5');
    await requestOrganisationList(pooledDb(), email, '127.0.0.5');
    expect(await jobsFor(email)).toBe(1); // the second replaced the first (job key)
    await sql`select graphile_worker.remove_job(${`find_organisations:${email}`})`.execute(directDb());
    for (let i = 2; i < FIND_ORGANISATION_LIMITS.perEmail; i++) await requestOrganisationList(pooledDb(), email, `127.0.0.${10 + i}`);
    await sql`select graphile_worker.remove_job(${`find_organisations:${email}`})`.execute(directDb());
    // Over the limit: resolves (the same answer on screen), but no job.
    await expect(requestOrganisationList(pooledDb(), email, '127.0.0.99')).resolves.toBeUndefined();
    expect(await jobsFor(email)).toBe(0);
  });

  it('refuses a client address past its limit with a sentence (429)', async () => {
    await resetLoginLimits(pooledDb());
    const limits = { ...FIND_ORGANISATION_LIMITS, perAddress: 2 };
    await requestOrganisationList(pooledDb(), 'x1@people.test', '127.0.0.7', limits);
    await requestOrganisationList(pooledDb(), 'x2@people.test', '127.0.0.7', limits);
    const err = await requestOrganisationList(pooledDb(), 'x3@people.test', '127.0.0.7', limits).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).status).toBe(429);
    expect((err as UserError).message).toMatch(/^Too many requests from your network; try again in about (an|\d+) (minute|hour)s?\.$/);
    // Another client is not affected.
    await expect(requestOrganisationList(pooledDb(), 'x3@people.test', '127.0.0.8', limits)).resolves.toBeUndefined();
  });
});

describe('the find_organisations job', () => {
  it('mails the login addresses of every organisation where the address has an account, and nothing otherwise', async () => {
    await resetLoginLimits(pooledDb());
    await sql`select graphile_worker.remove_job(key) from graphile_worker.jobs where key like 'find_organisations:%'`.execute(directDb());
    process.env.SMTP_URL = smtp.url;
    process.env.ROOT_DOMAIN = 'localhost:4321';
    process.env.LINK_SCHEME = 'http';
    await requestOrganisationList(pooledDb(), 'nobody@people.test', null);
    await requestOrganisationList(pooledDb(), 'shared@people.test', null);
    worker = await startWorker({ concurrency: 2, pollInterval: 200 });
    const until = Date.now() + 20_000;
    for (;;) {
      const r = await sql<{ n: number }>`select count(*)::int as n from graphile_worker.jobs`.execute(directDb());
      if (r.rows[0].n === 0) break;
      if (Date.now() > until) throw new Error('the job queue did not drain');
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(smtp.messages.filter((m) => m.to.includes('nobody@people.test'))).toEqual([]);
    const mails = smtp.messages.filter((m) => m.to.includes('shared@people.test'));
    expect(mails.length).toBe(1);
    expect(mails[0].subject).toBe('Your organisations on Quorum');
    expect(mails[0].text).toContain('Org A: http://find-a.localhost:4321/login?email=shared%40people.test');
    expect(mails[0].text).toContain('Org C: http://find-c.localhost:4321/login?email=shared%40people.test');
    expect(mails[0].text).toContain('Org E: http://find-e.localhost:4321/login');
    expect(mails[0].text).not.toContain('find-d'); // suspended
    expect(mails[0].text).not.toContain('find-b'); // no account there
  });
});
