import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePools, directDb } from '@/lib/infra/db/pool';
import { installJobQueue } from '@/lib/jobs/worker';
import { migrateShared } from '@/lib/tenancy';
import { provisionTenantWithAdmin } from '@/lib/features/organisation/provision-with-admin';
import { stopTenancyListener } from '@/lib/tenancy/resolve-host';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { request, startApp, type AppServer } from '@/harness/app-server';
import { requirePooledUrl, testProcessEnv } from '@/harness/env';

interface Poll {
  id: number;
  closes_at: string | null;
  closed: boolean;
  choices: { id: number }[];
}

let app: AppServer;
let token: string;
const call = <T = Record<string, unknown>>(method: string, path: string, opts: Parameters<typeof request>[4] = {}) =>
  request<T>(app.port, `close-api.localhost:${app.port}`, method, path, { token, ...opts });

beforeAll(async () => {
  requirePooledUrl();
  await migrateShared(directDb());
  await installJobQueue();
  await provisionTenantWithAdmin(directDb(), {
    schema: 'close_api',
    name: 'Close API',
    domain: 'close-api.localhost',
    admin: { email: 'a@close.test', password: 'password123' },
  });
  app = await startApp({ ...testProcessEnv(), LOGIN_LIMIT_PER_ADDRESS: '100000' });
  const r = await request<{ token: string }>(app.port, `close-api.localhost:${app.port}`, 'POST', '/api/login', {
    json: { email: 'a@close.test', password: 'password123' },
  });
  token = r.body.token;
}, 300_000);

afterAll(async () => {
  await app?.stop();
  await stopTenancyListener();
  await closePools();
});

describe('closes_at over the JSON API', () => {
  it('refuses a closing time in the past or without a zone with a sentence', async () => {
    const past = await call('POST', '/api/polls', { json: { question: 'Q?', choices: ['a', 'b'], closes_at: '2020-01-01T00:00:00Z' } });
    expect(past.status).toBe(400);
    expect(past.body.error).toBe('closes_at: The closing time must be in the future.');
    const noZone = await call('POST', '/api/polls', { json: { question: 'Q?', choices: ['a', 'b'], closes_at: '2030-01-01T10:00' } });
    expect(noZone.status).toBe(400);
    expect(noZone.body.error).toMatch(/time zone/);
  });

  it('creates with closes_at (and its job), answers closed, and a vote on a closed poll is a 409', async () => {
    const at = new Date(Date.now() + 3_600_000).toISOString();
    const created = await call<Poll>('POST', '/api/polls', { json: { question: 'Close me?', choices: ['a', 'b'], closes_at: at } });
    expect(created.status, created.text).toBe(201);
    expect(created.body.closes_at).toBe(at);
    expect(created.body.closed).toBe(false);
    const job = await sql<{
      run_at: Date;
    }>`select run_at from graphile_worker.jobs where task_identifier = 'close_poll' and key like ${`close_poll:%:${created.body.id}`}`.execute(
      directDb(),
    );
    expect(job.rows.map((r) => r.run_at.toISOString())).toEqual([at]);
    // Time passes (the job has not run yet): votes are refused from closes_at on anyway.
    await withTenant({ schema: 'close_api' }, (db) =>
      db
        .updateTable('polls')
        .set({ closes_at: sql`now() - interval '1 second'` })
        .where('id', '=', created.body.id)
        .execute(),
    );
    const got = await call<{ poll: Poll }>('GET', `/api/polls/${created.body.id}`);
    expect(got.body.poll.closed).toBe(true);
    const vote = await call('POST', `/api/polls/${created.body.id}/votes`, { json: { choice_id: created.body.choices[0].id } });
    expect(vote.status).toBe(409);
    expect(vote.body.error).toBe('This poll is closed: votes are no longer accepted.');
    // PATCH with null clears it (and removes the job); voting works again.
    const cleared = await call<{ poll: Poll }>('PATCH', `/api/polls/${created.body.id}`, { json: { closes_at: null } });
    expect(cleared.status, cleared.text).toBe(200);
    expect(cleared.body.poll).toMatchObject({ closes_at: null, closed: false });
    const again = await call('POST', `/api/polls/${created.body.id}/votes`, { json: { choice_id: created.body.choices[0].id } });
    expect(again.status).toBe(201);
    const left = await sql<{
      n: number;
    }>`select count(*)::int as n from graphile_worker.jobs where key like ${`close_poll:%:${created.body.id}`}`.execute(directDb());
    expect(left.rows[0].n).toBe(0);
  });
});
