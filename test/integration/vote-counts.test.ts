// Issue 21, part 1: the choices' vote counters (lib/polls/counts.ts) equal count(*) of the votes
// after concurrent first votes, changed votes (allow_vote_change), double submissions, removed
// users and deleted polls, each vote in its own transaction through PgBouncer (transaction mode);
// after the migration's backfill, import and clone (which recount rather than trust the source);
// and `tenants check --counts [--repair]` finds and repairs drift.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '@/lib/infra/errors';
import { closePools, directDb } from '@/lib/infra/db/pool';
import { countDrift } from '@/lib/features/polls/counts';
import { castVote, createPoll, deletePoll, getPoll, listPolls } from '@/lib/features/polls/polls';
import { migrateShared } from '@/lib/tenancy';
import { cloneTenant, exportTenant, importTenant } from '@/lib/platform/lifecycle';
import { stopTenancyListener } from '@/lib/tenancy/resolve-host';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { removeUser } from '@/lib/features/users/manage';
import { provisionTenantWithAdmin } from '@/lib/features/organisation/provision-with-admin';
import { createUser } from '@/lib/features/auth/users';
import { requirePooledUrl } from '@/harness/env';
import { runCli } from '@/harness/run-cli';

const T = { schema: 'vc_src' };
const ADMIN = { id: 1, role: 'admin' as const };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vote-counts-'));

/** Per choice: the counter and count(*), read in one statement (one snapshot). */
async function counts(schema: string) {
  return withTenant(
    { schema },
    async (db) =>
      (
        await sql<{ id: number; counter: number; actual: number }>`select c.id, c.vote_count as counter,
          (select count(*)::int from votes v where v.choice_id = c.id) as actual from choices c order by c.id`.execute(db)
      ).rows,
    directDb(),
  );
}

async function expectNoDrift(schema: string) {
  const rows = await counts(schema);
  for (const r of rows) expect(r.counter, `choice ${r.id} of ${schema}`).toBe(r.actual);
  expect(await withTenant({ schema }, (db) => countDrift(db), directDb())).toEqual([]);
  return rows;
}

let users: number[] = [];

// These tests fire dozens of votes of ONE tenant at once, in this process, to prove the counters;
// on a loaded machine they would outwait the fair share's 1.5 s queue (a 503, tested elsewhere).
process.env.QUORUM_TENANT_QUEUE_MS ??= '60000';

beforeAll(async () => {
  requirePooledUrl();
  await migrateShared(directDb());
  await provisionTenantWithAdmin(directDb(), {
    schema: T.schema,
    name: 'Vote counts',
    domain: 'vc-src.localhost',
    admin: { email: 'admin@vc.test', password: 'password123' },
  });
  users = await withTenant(T, async (db) => {
    const ids: number[] = [];
    for (let i = 0; i < 24; i++) ids.push((await createUser(db, { email: `u${i}@vc.test`, password: 'password123' })).id);
    return ids;
  });
}, 120_000);

afterAll(async () => {
  await stopTenancyListener();
  await closePools();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('vote counters under concurrency (property)', () => {
  it('after concurrent first votes, changes, double submissions, removed users and deleted polls, every counter equals count(*)', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        // Each op: a voter (index), a poll (0: changes allowed, 1: one vote only, 2: changes + hidden
        // results), a choice position; repeated voters make concurrent changes and double submissions.
        fc.array(fc.record({ voter: fc.nat(23), poll: fc.nat(2), choice: fc.nat(3) }), { minLength: 20, maxLength: 80 }),
        fc.boolean(),
        async (ops, deleteOne) => {
          run++;
          const polls = await withTenant(T, async (db) => [
            await createPoll(db, ADMIN, { question: `P${run}a?`, choices: ['a', 'b', 'c', 'd'], allow_vote_change: true }),
            await createPoll(db, ADMIN, { question: `P${run}b?`, choices: ['a', 'b', 'c', 'd'] }),
            await createPoll(db, ADMIN, {
              question: `P${run}c?`,
              choices: ['a', 'b', 'c', 'd'],
              allow_vote_change: true,
              hide_results: true,
            }),
          ]);
          const errors: unknown[] = [];
          await Promise.all(
            ops.map((op) =>
              // The default base: the pooled connection (PgBouncer, transaction mode).
              withTenant(T, (db) =>
                castVote(db, { id: users[op.voter], role: 'member' }, polls[op.poll].id, polls[op.poll].choices[op.choice].id),
              ).catch((err: unknown) => {
                // Only the one-vote poll may refuse a second vote; nothing else (no deadlock, no 500).
                if (!(err instanceof UserError && err.status === 409)) errors.push(err);
              }),
            ),
          );
          expect(errors).toEqual([]);
          if (deleteOne) await withTenant(T, (db) => deletePoll(db, ADMIN, polls[1].id));
          const rows = await expectNoDrift(T.schema);
          // Each voter holds at most one vote per poll; the counters of a poll sum to its voters.
          for (const [i, p] of polls.entries()) {
            if (deleteOne && i === 1) continue;
            const voters = new Set(ops.filter((o) => o.poll === i).map((o) => o.voter)).size;
            const ids = new Set(p.choices.map((c) => c.id));
            expect(rows.filter((r) => ids.has(r.id)).reduce((s, r) => s + r.counter, 0)).toBe(voters);
            // Read as one of its voters (the third poll hides counts from whoever has not voted).
            const viewer = ops.find((o) => o.poll === i);
            const read = await withTenant(T, (db) => getPoll(db, p.id, viewer ? users[viewer.voter] : ADMIN.id));
            expect(read!.total_votes).toBe(i === 2 && !viewer ? null : voters);
          }
        },
      ),
      { numRuns: 10, seed: 21, endOnFailure: true },
    );
  }, 240_000);

  it('a removed user’s votes keep counting; hidden results stay hidden', async () => {
    const poll = await withTenant(T, (db) => createPoll(db, ADMIN, { question: 'Removal?', choices: ['x', 'y'], hide_results: true }));
    const extra = await withTenant(T, (db) => createUser(db, { email: 'leaver@vc.test', password: 'password123' }));
    await withTenant(T, (db) => castVote(db, { id: extra.id, role: 'member' }, poll.id, poll.choices[1].id));
    await withTenant(T, (db) => removeUser(db, extra.id));
    await expectNoDrift(T.schema);
    const anon = await withTenant(T, (db) => getPoll(db, poll.id, null));
    expect(anon).toMatchObject({ results_hidden: true, total_votes: null });
    expect(anon!.choices.map((c) => c.votes)).toEqual([null, null]);
    // The admin has not voted either: hidden; a voter sees 1 on y.
    const voter = users[0];
    await withTenant(T, (db) => castVote(db, { id: voter, role: 'member' }, poll.id, poll.choices[1].id));
    const seen = await withTenant(T, (db) => getPoll(db, poll.id, voter));
    expect(seen).toMatchObject({ results_hidden: false, total_votes: 2 });
    expect(seen!.choices.map((c) => c.votes)).toEqual([0, 2]);
    const list = await withTenant(T, (db) => listPolls(db, ADMIN.id));
    expect(list.find((p) => p.id === poll.id)).toMatchObject({ results_hidden: true, total_votes: null });
  });
});

describe('bulk paths recount', () => {
  it('import and clone recount from the rows even when the source counters are wrong', async () => {
    // Drift in the source (as a hand edit would leave): the copies must not inherit it.
    await withTenant(
      T,
      (db) => sql`update choices set vote_count = vote_count + 7 where id = (select min(id) from choices)`.execute(db),
      directDb(),
    );
    const file = path.join(tmp, 'vc.qexport');
    await exportTenant(directDb(), T.schema, file);
    await importTenant(directDb(), { file, schema: 'vc_imported', domain: 'vc-imported.localhost' });
    await cloneTenant(directDb(), { from: T.schema, schema: 'vc_cloned', domain: 'vc-cloned.localhost', data: true });
    const imported = await expectNoDrift('vc_imported');
    const cloned = await expectNoDrift('vc_cloned');
    expect(imported.reduce((s, r) => s + r.counter, 0)).toBeGreaterThan(0);
    expect(cloned).toEqual(imported);
  }, 120_000);

  it('tenants check --counts reports the drift (exit 1), --repair recounts it, then the check passes', async () => {
    const before = await runCli('check', '--counts');
    expect(before.code, before.stderr).toBe(1);
    expect(before.stdout).toMatch(/^vc_src\tdrift\t1 choice \(choice \d+ of poll \d+: counter \d+, votes \d+\)$/m);
    expect(before.stdout).not.toMatch(/^vc_imported\t/m);
    expect(before.stdout).toMatch(/^summary: \d+ tenants checked: 1 with drift, 0 failed/m);
    const repair = await runCli('check', '--counts', '--repair', '--schema', 'vc_src');
    expect(repair.code, repair.stderr).toBe(0);
    expect(repair.stdout).toMatch(/^vc_src\trepaired\t1 choice recounted/m);
    await expectNoDrift(T.schema);
    const after = await runCli('check', '--counts');
    expect(after.code, after.stdout + after.stderr).toBe(0);
    const none = await runCli('check');
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/^error: Say what to check: --counts\.$/m);
  }, 180_000);

  it('the migration backfills the counters of existing votes', async () => {
    const { up } = await import('@/migrations/tenant/2026_12_05_201_choice_vote_counts');
    const expected = await counts(T.schema);
    await withTenant(
      T,
      async (db) => {
        await sql`alter table choices drop column vote_count`.execute(db);
        await up(db);
      },
      directDb(),
    );
    expect(await counts(T.schema)).toEqual(expected);
    await expectNoDrift(T.schema);
  });
});
