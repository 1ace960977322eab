import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken, userForToken } from '@/lib/features/auth/api-tokens';
import { closePools, directDb } from '@/lib/infra/db/pool';
import { UserError } from '@/lib/infra/errors';
import { castVote, createPoll, getPoll } from '@/lib/features/polls/polls';
import { migrateShared } from '@/lib/tenancy/migrate/runner';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { anonymousVoteCount, changeRole, removeUser, resetPassword } from '@/lib/features/users/manage';
import { provisionTenantWithAdmin } from '@/lib/features/organisation/provision-with-admin';
import { createUser, findUserByEmail } from '@/lib/features/auth/users';
import { requirePooledUrl } from '@/harness/env';

const t = { schema: 'manage_users' };

beforeAll(async () => {
  requirePooledUrl();
  await migrateShared(directDb());
  await provisionTenantWithAdmin(directDb(), {
    schema: t.schema,
    name: 'Manage',
    domain: 'manage-users.localhost',
    admin: { email: 'admin@manage.test', password: 'password123' },
  });
}, 120_000);

afterAll(async () => {
  await closePools();
});

const refused = async (p: Promise<unknown>, status: number, pattern: RegExp) => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UserError);
  expect((err as UserError).status).toBe(status);
  expect((err as UserError).message).toMatch(pattern);
};

describe('tenant admins manage users', () => {
  it('removing a user keeps their vote (anonymised) and their poll (no author)', async () => {
    const { pollId, before } = await withTenant(t, async (db) => {
      const admin = (await findUserByEmail(db, 'admin@manage.test'))!;
      const leaver = await createUser(db, { email: 'leaver@manage.test', password: 'password123' });
      const poll = await createPoll(db, { id: leaver.id, role: 'member' }, { question: 'Stay or go?', choices: ['Stay', 'Go'] });
      await castVote(db, { id: leaver.id, role: 'member' }, poll.id, poll.choices[1].id);
      await castVote(db, { id: admin.id, role: 'admin' }, poll.id, poll.choices[1].id);
      return { pollId: poll.id, before: (await getPoll(db, poll.id))!.total_votes };
    });
    expect(before).toBe(2);
    const leaver = await withTenant(t, async (db) => (await findUserByEmail(db, 'leaver@manage.test'))!);
    await withTenant(t, (db) => removeUser(db, leaver.id));
    const after = await withTenant(t, async (db) => ({ poll: (await getPoll(db, pollId))!, anon: await anonymousVoteCount(db) }));
    expect(after.poll.total_votes).toBe(2);
    expect(after.poll.choices.find((c) => c.choice_text === 'Go')!.votes).toBe(2);
    expect(after.poll.created_by).toBeNull();
    expect(after.anon).toBe(1);
    expect(await withTenant(t, (db) => findUserByEmail(db, 'leaver@manage.test'))).toBeUndefined();
  });

  it('the last admin can be neither demoted nor removed; with a second admin both work', async () => {
    const admin = await withTenant(t, async (db) => (await findUserByEmail(db, 'admin@manage.test'))!);
    await refused(
      withTenant(t, (db) => changeRole(db, admin.id, 'member')),
      409,
      /at least one admin/,
    );
    await refused(
      withTenant(t, (db) => removeUser(db, admin.id)),
      409,
      /at least one admin/,
    );
    const second = await withTenant(t, (db) => createUser(db, { email: 'second@manage.test', password: 'password123' }));
    expect(await withTenant(t, (db) => changeRole(db, second.id, 'admin'))).toEqual({ email: 'second@manage.test', role: 'admin' });
    await withTenant(t, (db) => changeRole(db, admin.id, 'member'));
    expect((await withTenant(t, (db) => findUserByEmail(db, 'admin@manage.test')))!.role).toBe('member');
    // Two admins demoting each other at once: the row locks serialise them, one admin remains.
    await withTenant(t, (db) => changeRole(db, admin.id, 'admin'));
    const results = await Promise.allSettled([
      withTenant(t, (db) => changeRole(db, admin.id, 'member')),
      withTenant(t, (db) => changeRole(db, second.id, 'member')),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const admins = await withTenant(t, (db) => db.selectFrom('users').select('id').where('role', '=', 'admin').execute());
    expect(admins).toHaveLength(1);
    await refused(
      withTenant(t, (db) => changeRole(db, 999_999, 'admin')),
      404,
      /no longer exists/,
    );
  });

  it('a password reset revokes the user’s API tokens', async () => {
    const u = await withTenant(t, (db) => createUser(db, { email: 'reset@manage.test', password: 'password123' }));
    const { token } = await withTenant(t, (db) => issueToken(db, u.id));
    expect(await withTenant(t, (db) => userForToken(db, token))).toBeTruthy();
    await withTenant(t, (db) => resetPassword(db, u.id, 'not-a-real-hash'));
    expect(await withTenant(t, (db) => userForToken(db, token))).toBeFalsy();
  });
});
