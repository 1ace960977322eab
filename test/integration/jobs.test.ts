import { sql } from 'kysely';
import type { TaskList } from 'graphile-worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { closePools, directDb, pooledDb } from '@/lib/infra/db/pool';
import { UserError } from '@/lib/infra/errors';
import { enqueueTenantJob, type TaskName } from '@/lib/infra/queue/queue';
import { tenantTask } from '@/lib/jobs/tenant-task';
import { installJobQueue, startWorker } from '@/lib/jobs/worker';
import { migrateShared } from '@/lib/tenancy';
import { CLOSED_SENTENCE, schedulePollClose } from '@/lib/features/polls/closing';
import { castVote, createPoll, getPoll, newPollInput, pollUpdateInput, updatePoll } from '@/lib/features/polls/polls';
import { seedTenants } from '@/lib/cli/seed';
import { deleteTenant, updateTenant } from '@/lib/platform/tenants';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { requirePooledUrl } from '@/harness/env';
import { waitFor } from '@/harness/wait';

const TENANTS = 50;
const JOBS = 1000;

interface Tenant {
  id: number;
  schema: string;
}
let tenants: Tenant[] = [];

async function pendingJobList(): Promise<unknown[]> {
  const r = await sql<{
    task_identifier: string;
    key: string | null;
    last_error: string | null;
  }>`select task_identifier, key, last_error from graphile_worker.jobs`.execute(directDb());
  return r.rows;
}

async function pendingJobs(): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::int as n from graphile_worker.jobs`.execute(directDb());
  return r.rows[0].n;
}

beforeAll(async () => {
  requirePooledUrl(); // the point is jobs through PgBouncer's transaction pooling
  await migrateShared(directDb());
  await installJobQueue();
  await seedTenants(directDb(), { tenants: TENANTS, polls: 0, choices: 0, votes: 0, prefix: 'jobt' });
  const rows = await directDb()
    .selectFrom('public.tenants')
    .select(['id', 'schema_name'])
    .where('schema_name', 'like', 'jobt%')
    .orderBy('id')
    .execute();
  tenants = rows.map((r) => ({ id: r.id, schema: r.schema_name }));
  expect(tenants).toHaveLength(TENANTS);
  // One marker poll per tenant: a job that can read another tenant's polls would see its marker.
  for (const t of tenants) {
    await withTenant(t, (db) =>
      db
        .insertInto('polls')
        .values({ question: `marker:${t.id}` })
        .execute(),
    );
  }
}, 120_000);

afterAll(async () => {
  await closePools();
});

describe('jobs run in their own tenant', () => {
  it(`${JOBS} jobs over ${TENANTS} tenants through PgBouncer each see only their tenant`, async () => {
    const seen: { tenantId: number; expected: number; questions: string[]; host: string | null }[] = [];
    const taskList: TaskList = {
      isolation_check: tenantTask('isolation_check', z.object({ n: z.number() }), async ({ tenant, inTenant }) => {
        const questions = await inTenant(async (db) => {
          // Two statements in one transaction, with a yield between them: the context must hold.
          const first = await db.selectFrom('polls').select('question').execute();
          await new Promise((r) => setTimeout(r, Math.random() * 3));
          const again = await db.selectFrom('polls').select('question').execute();
          return [...first, ...again].map((r) => r.question);
        });
        seen.push({ tenantId: tenant.id, expected: tenant.id, questions, host: tenant.host });
      }),
    };
    // Enqueued from "request code": in each tenant's transaction, through PgBouncer.
    for (let i = 0; i < JOBS; i++) {
      const t = tenants[i % TENANTS];
      await withTenant(t, (db) => enqueueTenantJob(db, t, 'isolation_check' as TaskName, { n: i }));
    }
    const runner = await startWorker({ taskList, concurrency: 8 });
    try {
      await waitFor('all jobs', async () => (seen.length >= JOBS ? true : undefined), 120_000);
    } finally {
      await runner.stop();
    }
    expect(seen).toHaveLength(JOBS);
    const wrong = seen.filter((s) => s.questions.length !== 2 || s.questions.some((q) => q !== `marker:${s.expected}`));
    expect(wrong).toEqual([]);
    const perTenant = new Map<number, number>();
    for (const s of seen) perTenant.set(s.tenantId, (perTenant.get(s.tenantId) ?? 0) + 1);
    expect(perTenant.size).toBe(TENANTS);
    expect([...perTenant.values()].every((n) => n === JOBS / TENANTS)).toBe(true);
    expect(seen.every((s) => s.host?.startsWith('jobt'))).toBe(true);
    expect(await pendingJobs(), JSON.stringify(await pendingJobList())).toBe(0);
  }, 180_000);

  it('drops (does not retry) the jobs of a deleted or a suspended tenant', async () => {
    const [gone, suspended, alive] = await seedTenants(directDb(), { tenants: 3, polls: 0, choices: 0, votes: 0, prefix: 'jobdrop' }).then(
      () =>
        directDb()
          .selectFrom('public.tenants')
          .select(['id', 'schema_name'])
          .where('schema_name', 'like', 'jobdrop%')
          .orderBy('id')
          .execute(),
    );
    const ran: number[] = [];
    const taskList: TaskList = {
      probe: tenantTask('probe', z.object({}), async ({ tenant }) => {
        ran.push(tenant.id);
      }),
    };
    for (const t of [gone, suspended, alive]) await enqueueTenantJob(pooledDb(), t, 'probe' as TaskName, {});
    await deleteTenant(directDb(), gone.schema_name, { dropSchema: true });
    await updateTenant(directDb(), suspended.schema_name, { status: 'suspended' });
    const runner = await startWorker({ taskList, concurrency: 2 });
    try {
      await waitFor('the queue to drain', async () => ((await pendingJobs()) === 0 ? true : undefined));
    } finally {
      await runner.stop();
    }
    expect(ran).toEqual([alive.id]);
    // Dropped, not failed: nothing is left to retry.
    expect(await pendingJobs()).toBe(0);
  });
});

describe('poll closing time', () => {
  const actor = { id: 1, role: 'admin' as const };

  it('refuses a closing time in the past or without a time zone', () => {
    const past = newPollInput.safeParse({ question: 'Q?', choices: ['a', 'b'], closes_at: '2020-01-01T00:00:00Z' });
    expect(past.success).toBe(false);
    expect(past.error?.issues[0].message).toBe('The closing time must be in the future.');
    const noZone = pollUpdateInput.safeParse({ closes_at: '2030-01-01T00:00' });
    expect(noZone.error?.issues[0].message).toMatch(/time zone/);
    expect(pollUpdateInput.safeParse({ closes_at: null }).success).toBe(true);
  });

  it('the close_poll job closes the poll at its time, and votes are refused from then on', async () => {
    const t = tenants[0];
    const closesAt = new Date(Date.now() + 1500);
    const user = await withTenant(t, (db) =>
      db
        .insertInto('users')
        .values({ email: 'closer@example.com', name: '', password_hash: 'x', role: 'admin' })
        .returning('id')
        .executeTakeFirstOrThrow(),
    );
    const me = { ...actor, id: user.id };
    const poll = await withTenant(t, async (db) => {
      const p = await createPoll(
        db,
        me,
        newPollInput.parse({ question: 'Closing?', choices: ['yes', 'no'], closes_at: closesAt.toISOString() }),
      );
      await schedulePollClose(db, t, p.id, closesAt);
      return p;
    });
    expect(poll.closed).toBe(false);
    expect(poll.closes_at?.getTime()).toBe(closesAt.getTime());
    const runner = await startWorker({ concurrency: 2 });
    try {
      const closedAt = await waitFor('the poll to be closed by its job', async () => {
        const row = await withTenant(t, (db) =>
          db.selectFrom('polls').select('closed_at').where('id', '=', poll.id).executeTakeFirstOrThrow(),
        );
        return row.closed_at ?? undefined;
      });
      expect(closedAt.getTime()).toBeGreaterThanOrEqual(closesAt.getTime() - 50);
    } finally {
      await runner.stop();
    }
    const vote = withTenant(t, (db) => castVote(db, me, poll.id, poll.choices[0].id));
    await expect(vote).rejects.toThrow(CLOSED_SENTENCE);
    await expect(vote).rejects.toBeInstanceOf(UserError);
    await expect(vote).rejects.toMatchObject({ status: 409 });
    expect((await withTenant(t, (db) => getPoll(db, poll.id)))?.closed).toBe(true);

    // A new closing time reopens it and replaces the job (one job per poll, keyed).
    const later = new Date(Date.now() + 3_600_000);
    await withTenant(t, async (db) => {
      await updatePoll(db, me, poll.id, pollUpdateInput.parse({ closes_at: later.toISOString() }));
      await schedulePollClose(db, t, poll.id, later);
      await schedulePollClose(db, t, poll.id, later);
    });
    const jobs = await sql<{
      n: number;
    }>`select count(*)::int as n from graphile_worker.jobs where key = ${`close_poll:${t.id}:${poll.id}`}`.execute(directDb());
    expect(jobs.rows[0].n).toBe(1);
    const reopened = await withTenant(t, (db) => castVote(db, me, poll.id, poll.choices[0].id));
    expect(reopened.poll_id).toBe(poll.id);
    // Clearing the time removes the job.
    await withTenant(t, (db) => schedulePollClose(db, t, poll.id, null));
    expect(await pendingJobs()).toBe(0);
  });

  it('a closing time enqueued in a transaction that rolls back leaves no job', async () => {
    const t = tenants[1];
    await expect(
      withTenant(t, async (db) => {
        await schedulePollClose(db, t, 999, new Date(Date.now() + 60_000));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await pendingJobs()).toBe(0);
  });
});
