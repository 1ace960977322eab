// Issue 15 item 13: per-poll voting options over the JSON API (Next's routes and the lean path)
// and in lib: "voters may change their vote until the poll closes" and "hide results until you
// have voted". Real PostgreSQL behind PgBouncer; the HTTP part runs the production build.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePools, directDb } from '@/lib/infra/db/pool';
import { castVote, createPoll, getPoll, updatePoll } from '@/lib/features/polls/polls';
import { migrateShared } from '@/lib/tenancy';
import { provisionTenantWithAdmin } from '@/lib/features/organisation/provision-with-admin';
import { stopTenancyListener } from '@/lib/tenancy/resolve-host';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { createUser } from '@/lib/features/auth/users';
import { request, startApp, type AppServer } from '@/harness/app-server';
import { requirePooledUrl, testProcessEnv } from '@/harness/env';

interface Choice {
  id: number;
  choice_text: string;
  votes: number | null;
}
interface Poll {
  id: number;
  allow_vote_change: boolean;
  hide_results: boolean;
  results_hidden: boolean;
  total_votes: number | null;
  my_choice_id: number | null;
  choices: Choice[];
}

const T = { schema: 'vote_opts' };
const HOST = 'vote-opts';
let app: AppServer;
let adminToken: string;
let memberToken: string;
let memberIds: number[] = [];
const call = <R = Record<string, unknown>>(method: string, path: string, opts: Parameters<typeof request>[4] = {}) =>
  request<R>(app.port, `${HOST}.localhost:${app.port}`, method, path, opts);

async function login(email: string): Promise<string> {
  const r = await call<{ token: string }>('POST', '/api/login', { json: { email, password: 'password123' } });
  expect(r.status, r.text).toBe(200);
  return r.body.token;
}

// These tests fire dozens of votes of ONE tenant at once, in this process, to prove the counters;
// on a loaded machine they would outwait the fair share's 1.5 s queue (a 503, tested elsewhere).
process.env.QUORUM_TENANT_QUEUE_MS ??= '60000';

beforeAll(async () => {
  requirePooledUrl();
  await migrateShared(directDb());
  await provisionTenantWithAdmin(directDb(), {
    schema: T.schema,
    name: 'Vote options',
    domain: `${HOST}.localhost`,
    admin: { email: 'admin@opts.test', password: 'password123' },
  });
  memberIds = await withTenant(T, async (db) => {
    const ids: number[] = [];
    for (let i = 0; i < 12; i++) ids.push((await createUser(db, { email: `m${i}@opts.test`, password: 'password123' })).id);
    return ids;
  });
  app = await startApp({ ...testProcessEnv(), LOGIN_LIMIT_PER_ADDRESS: '100000' });
  adminToken = await login('admin@opts.test');
  memberToken = await login('m0@opts.test');
}, 300_000);

afterAll(async () => {
  await app?.stop();
  await stopTenancyListener();
  await closePools();
});

describe('options at creation', () => {
  it('are off by default and set from booleans; anything else is a 400 with a sentence', async () => {
    const plain = await call<Poll>('POST', '/api/polls', { token: adminToken, json: { question: 'Plain?', choices: ['a', 'b'] } });
    expect(plain.status, plain.text).toBe(201);
    expect(plain.body).toMatchObject({ allow_vote_change: false, hide_results: false, results_hidden: false, total_votes: 0 });
    const both = await call<Poll>('POST', '/api/polls', {
      token: adminToken,
      json: { question: 'Both?', choices: ['a', 'b'], allow_vote_change: true, hide_results: true },
    });
    expect(both.status, both.text).toBe(201);
    expect(both.body).toMatchObject({ allow_vote_change: true, hide_results: true, results_hidden: true, total_votes: null });
    const bad = await call<{ error: string }>('POST', '/api/polls', {
      token: adminToken,
      json: { question: 'Bad?', choices: ['a', 'b'], hide_results: 'yes' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/hide_results must be true or false/);
  });
});

describe('change your vote', () => {
  it('a second vote replaces the first (200, replaced) where allowed, and is a 409 where not', async () => {
    const open = await call<Poll>('POST', '/api/polls', {
      token: adminToken,
      json: { question: 'Changeable?', choices: ['red', 'blue'], allow_vote_change: true },
    });
    const [red, blue] = open.body.choices;
    const first = await call<{ replaced: boolean; choice_id: number }>('POST', `/api/polls/${open.body.id}/votes`, {
      token: memberToken,
      json: { choice_id: red.id },
    });
    expect(first.status, first.text).toBe(201);
    expect(first.body.replaced).toBe(false);
    const second = await call<{ replaced: boolean; choice_id: number }>('POST', `/api/polls/${open.body.id}/votes`, {
      token: memberToken,
      json: { choice_id: blue.id },
    });
    expect(second.status, second.text).toBe(200);
    expect(second.body).toMatchObject({ replaced: true, choice_id: blue.id });
    const after = await call<{ poll: Poll }>('GET', `/api/polls/${open.body.id}`, { token: memberToken });
    expect(after.body.poll.my_choice_id).toBe(blue.id);
    expect(after.body.poll.total_votes).toBe(1);
    expect(after.body.poll.choices.map((c) => c.votes)).toEqual([0, 1]);

    const fixed = await call<Poll>('POST', '/api/polls', { token: adminToken, json: { question: 'Final?', choices: ['x', 'y'] } });
    const v1 = await call('POST', `/api/polls/${fixed.body.id}/votes`, {
      token: memberToken,
      json: { choice_id: fixed.body.choices[0].id },
    });
    expect(v1.status).toBe(201);
    const v2 = await call<{ error: string }>('POST', `/api/polls/${fixed.body.id}/votes`, {
      token: memberToken,
      json: { choice_id: fixed.body.choices[1].id },
    });
    expect(v2.status).toBe(409);
    expect(v2.body.error).toBe('You have already voted on this poll.');
  });

  it('counts stay right when the same voters change their votes concurrently', async () => {
    const poll = await withTenant(T, (db) =>
      createPoll(db, { id: memberIds[0], role: 'member' }, { question: 'Race?', choices: ['a', 'b', 'c'], allow_vote_change: true }),
    );
    const ids = poll.choices.map((c) => c.id);
    // 12 voters × 8 votes each, all at once (the pool behind PgBouncer is small, so they queue and interleave).
    const tasks: Promise<unknown>[] = [];
    for (const voter of memberIds) {
      for (let k = 0; k < 8; k++) {
        const choice = ids[(voter + k) % ids.length];
        tasks.push(withTenant(T, (db) => castVote(db, { id: voter, role: 'member' }, poll.id, choice)));
      }
    }
    const results = await Promise.allSettled(tasks);
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const rows = await withTenant(T, (db) =>
      db.selectFrom('votes').select(['voted_by', 'choice_id']).where('poll_id', '=', poll.id).execute(),
    );
    // One row per voter, never two; each holds one of that voter's choices.
    expect(rows.length).toBe(memberIds.length);
    expect(new Set(rows.map((r) => r.voted_by)).size).toBe(memberIds.length);
    const counted = await withTenant(T, (db) => getPoll(db, poll.id, memberIds[0]));
    expect(counted!.total_votes).toBe(memberIds.length);
    expect(counted!.choices.reduce((n, c) => n + (c.votes ?? 0), 0)).toBe(memberIds.length);
  });

  it('over HTTP too: one voter firing changes at once ends with exactly one vote', async () => {
    const poll = await call<Poll>('POST', '/api/polls', {
      token: adminToken,
      json: { question: 'HTTP race?', choices: ['a', 'b'], allow_vote_change: true },
    });
    const answers = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        call('POST', `/api/polls/${poll.body.id}/votes`, { token: memberToken, json: { choice_id: poll.body.choices[i % 2].id } }),
      ),
    );
    expect(answers.map((a) => a.status).every((s) => s === 200 || s === 201)).toBe(true);
    const got = await call<{ poll: Poll }>('GET', `/api/polls/${poll.body.id}`, { token: memberToken });
    expect(got.body.poll.total_votes).toBe(1);
  });
});

describe('hidden results', () => {
  let pollId: number;
  let choiceId: number;

  beforeAll(async () => {
    const r = await call<Poll>('POST', '/api/polls', {
      token: adminToken,
      json: { question: 'Secret until you vote?', choices: ['yes', 'no'], hide_results: true },
    });
    pollId = r.body.id;
    choiceId = r.body.choices[0].id;
    const v = await call('POST', `/api/polls/${pollId}/votes`, { token: adminToken, json: { choice_id: choiceId } });
    expect(v.status).toBe(201);
  });

  const hidden = (p: Poll | undefined) => {
    expect(p).toBeDefined();
    expect(p!.results_hidden).toBe(true);
    expect(p!.total_votes).toBeNull();
    expect(p!.choices.every((c) => c.votes === null)).toBe(true);
  };

  it('anonymous readers get no counts: the lean path (one poll, the list) and Next’s route (?limit)', async () => {
    const one = await call<{ poll: Poll }>('GET', `/api/polls/${pollId}`);
    expect(one.status).toBe(200);
    hidden(one.body.poll);
    const list = await call<{ polls: Poll[] }>('GET', '/api/polls');
    hidden(list.body.polls.find((p) => p.id === pollId));
    const viaNext = await call<{ polls: Poll[] }>('GET', '/api/polls?limit=100');
    hidden(viaNext.body.polls.find((p) => p.id === pollId));
    // Polls that do not hide their results still show them.
    const open = list.body.polls.filter((p) => !p.hide_results);
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((p) => p.total_votes !== null && !p.results_hidden)).toBe(true);
  });

  it('a member who has not voted gets none; after voting they see them; the voter always did', async () => {
    const before = await call<{ poll: Poll }>('GET', `/api/polls/${pollId}`, { token: memberToken });
    hidden(before.body.poll);
    const voter = await call<{ poll: Poll }>('GET', `/api/polls/${pollId}`, { token: adminToken });
    expect(voter.body.poll).toMatchObject({ results_hidden: false, total_votes: 1 });
    await call('POST', `/api/polls/${pollId}/votes`, { token: memberToken, json: { choice_id: choiceId } });
    const after = await call<{ poll: Poll }>('GET', `/api/polls/${pollId}`, { token: memberToken });
    expect(after.body.poll).toMatchObject({ results_hidden: false, total_votes: 2 });
    expect(after.body.poll.choices.map((c) => c.votes)).toEqual([2, 0]);
  });

  it('everyone sees the counts once the poll has closed', async () => {
    await withTenant(T, (db) =>
      db
        .updateTable('polls')
        .set({ closes_at: sql`now() - interval '1 second'` })
        .where('id', '=', pollId)
        .execute(),
    );
    const anon = await call<{ poll: Poll }>('GET', `/api/polls/${pollId}`);
    expect(anon.body.poll).toMatchObject({ results_hidden: false, total_votes: 2 });
  });
});

describe('editing the options', () => {
  it('the author or an admin switches them while the poll is open; not once it has closed; others get 403', async () => {
    const p = await call<Poll>('POST', '/api/polls', { token: adminToken, json: { question: 'Switch?', choices: ['a', 'b'] } });
    const on = await call<{ poll: Poll }>('PATCH', `/api/polls/${p.body.id}`, {
      token: adminToken,
      json: { allow_vote_change: true, hide_results: true },
    });
    expect(on.status, on.text).toBe(200);
    expect(on.body.poll).toMatchObject({ allow_vote_change: true, hide_results: true });
    const other = await call('PATCH', `/api/polls/${p.body.id}`, { token: memberToken, json: { hide_results: false } });
    expect(other.status).toBe(403);
    await withTenant(T, (db) =>
      db
        .updateTable('polls')
        .set({ closes_at: sql`now() - interval '1 second'` })
        .where('id', '=', p.body.id)
        .execute(),
    );
    const closed = await call<{ error: string }>('PATCH', `/api/polls/${p.body.id}`, { token: adminToken, json: { hide_results: false } });
    expect(closed.status).toBe(409);
    expect(closed.body.error).toMatch(/closed: its voting options can no longer change/);
    // Rewording a closed poll still works (the options are not part of that change).
    const reworded = await call('PATCH', `/api/polls/${p.body.id}`, { token: adminToken, json: { question: 'Switched?' } });
    expect(reworded.status).toBe(200);
  });

  it('turning "change your vote" off makes the next change a 409 (lib)', async () => {
    const poll = await withTenant(T, (db) =>
      createPoll(db, { id: memberIds[1], role: 'member' }, { question: 'Off again?', choices: ['a', 'b'], allow_vote_change: true }),
    );
    await withTenant(T, (db) => castVote(db, { id: memberIds[2], role: 'member' }, poll.id, poll.choices[0].id));
    await withTenant(T, (db) => updatePoll(db, { id: memberIds[1], role: 'member' }, poll.id, { allow_vote_change: false }));
    await expect(withTenant(T, (db) => castVote(db, { id: memberIds[2], role: 'member' }, poll.id, poll.choices[1].id))).rejects.toThrow(
      'You have already voted on this poll.',
    );
  });
});
