// Per-tenant limits (issue 12, part 2): statement_timeout per tenant transaction and quotas.
// Runs in the suite's default single-role mode (limits do not depend on the role mode).
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePools, directDb, pooledDb } from '@/lib/infra/db/pool';
import { UserError } from '@/lib/infra/errors';
import { createPoll } from '@/lib/features/polls/polls';
import { migrateShared } from '@/lib/tenancy/migrate/runner';
import { provisionTenant } from '@/lib/platform/provision-tenant';
import { invalidateTenantCache, resolveTenant, stopTenancyListener } from '@/lib/tenancy/resolve-host';
import { getTenantBySchema, updateTenant } from '@/lib/platform/tenants';
import { tenantStatement, withTenant } from '@/lib/tenancy/with-tenant';
import { createUser } from '@/lib/features/auth/users';

const S = 'limits_a';
const HOST = 'limits-a.localhost';
const poll = { question: 'Q?', choices: ['a', 'b'] };

async function failure(p: Promise<unknown>): Promise<{ status?: number; message: string; field?: string }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof UserError) return { status: err.status, message: err.message, field: err.field };
    return { message: (err as Error).message };
  }
  throw new Error('expected a failure');
}

beforeAll(async () => {
  await migrateShared(directDb());
  await provisionTenant(directDb(), { schema: S, name: 'Limits', domain: HOST });
  await withTenant({ schema: S }, (db) => createUser(db, { email: 'u1@x.test', password: 'password1' }, 'x'));
});

afterAll(async () => {
  await stopTenancyListener();
  await closePools();
});

describe('statement_timeout', () => {
  it('defaults to 1.9 s in every tenant request transaction and ends with it', async () => {
    const t = await withTenant({ schema: S }, (db) => sql<{ t: string }>`select current_setting('statement_timeout') as t`.execute(db));
    expect(t.rows[0].t).toBe('1900ms');
    const after = await sql<{ t: string }>`select current_setting('statement_timeout') as t`.execute(pooledDb());
    expect(after.rows[0].t).toBe('0');
  });

  it('a superuser override reaches the tenant through its host lookup; out-of-range values are refused', async () => {
    await updateTenant(directDb(), S, { statementTimeoutMs: 150 });
    invalidateTenantCache();
    const tenant = (await resolveTenant(HOST))!;
    expect(tenant.statementTimeoutMs).toBe(150);
    const err = await failure(tenantStatement(tenant, (db) => db.selectNoFrom(sql`pg_sleep(0.6)`.as('x'))));
    expect(err.message).toMatch(/statement timeout/);
    expect(await failure(updateTenant(directDb(), S, { statementTimeoutMs: 5 }))).toMatchObject({
      status: 400,
      field: 'statementTimeoutMs',
    });
    await updateTenant(directDb(), S, { statementTimeoutMs: null });
    invalidateTenantCache();
    expect((await resolveTenant(HOST))!.statementTimeoutMs).toBeNull();
  });
});

describe('quotas', () => {
  it('refuses the poll past max_polls with a 403 sentence, and counts concurrent creations one by one', async () => {
    await updateTenant(directDb(), S, { maxPolls: 3 });
    invalidateTenantCache();
    const tenant = (await resolveTenant(HOST))!;
    expect(tenant.maxPolls).toBe(3);
    const actor = { id: 1, role: 'admin' as const };
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () => withTenant(tenant, (db) => createPoll(db, actor, poll, { maxPolls: tenant.maxPolls }))),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    const refused = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason as UserError);
    expect(refused).toHaveLength(3);
    for (const e of refused) {
      expect(e).toBeInstanceOf(UserError);
      expect(e.status).toBe(403);
      expect(e.message).toBe('This organisation has reached its limit of 3 polls; ask the operator to raise it or delete a poll.');
    }
  });

  it('refuses the user past max_users', async () => {
    await updateTenant(directDb(), S, { maxUsers: 1 });
    const err = await failure(
      withTenant({ schema: S }, (db) => createUser(db, { email: 'u2@x.test', password: 'password2' }, 'x', { maxUsers: 1 })),
    );
    expect(err).toMatchObject({ status: 403, message: 'This organisation has reached its limit of 1 user; ask the operator to raise it.' });
  });

  it('a quota below current usage is refused with the current figure, and nothing changes', async () => {
    const before = await getTenantBySchema(directDb(), S);
    const err = await failure(updateTenant(directDb(), S, { maxPolls: 2, statementTimeoutMs: 1000 }));
    expect(err).toEqual({
      status: 409,
      field: 'maxPolls',
      message: 'This tenant already has 3 polls; the polls quota cannot be set below 3.',
    });
    const after = await getTenantBySchema(directDb(), S);
    expect([after.max_polls, after.statement_timeout_ms]).toEqual([before.max_polls, before.statement_timeout_ms]);
    expect(await failure(updateTenant(directDb(), S, { maxUsers: -1 }))).toMatchObject({ status: 400, field: 'maxUsers' });
    await updateTenant(directDb(), S, { maxPolls: null, maxUsers: null });
  });
});
