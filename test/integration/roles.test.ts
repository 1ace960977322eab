// Two-role mode (issue 12): the database itself refuses cross-tenant access. DATABASE_URL is the
// harness's request-only role `quorum_req` through PgBouncer; DIRECT_DATABASE_URL stays the owner.
// The rest of the suite runs in single-role mode (both URLs `quorum`), exactly as before.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePools, directDb, pooledDb, pooledPgPool } from '@/lib/infra/db/pool';
import { checkMigrations, mapLimit, migrateShared, migrateTenants } from '@/lib/tenancy/migrate/runner';
import { provisionTenant } from '@/lib/platform/provision-tenant';
import { renameTenant } from '@/lib/platform/lifecycle';
import { resolveTenant, stopTenancyListener } from '@/lib/tenancy/resolve-host';
import { roleMode, tenantRoleName } from '@/lib/tenancy/tenant-roles';
import { deleteTenant } from '@/lib/platform/tenants';
import { tenantStatement, withTenant } from '@/lib/tenancy/with-tenant';
import { testEnv } from '@/harness/env';
import { sqlState as code } from '@/harness/wait';

const env = testEnv();
const saved = { DATABASE_URL: process.env.DATABASE_URL, DIRECT_DATABASE_URL: process.env.DIRECT_DATABASE_URL };
const A = 'roles_a';
const B = 'roles_b';

async function roleExists(name: string): Promise<boolean> {
  const r = await sql`select 1 from pg_roles where rolname = ${name}`.execute(directDb());
  return r.rows.length === 1;
}

beforeAll(async () => {
  if (!env.requestPooledUrl) throw new Error('this test needs PgBouncer');
  await closePools();
  process.env.DATABASE_URL = env.requestPooledUrl;
  process.env.DIRECT_DATABASE_URL = env.directUrl;
  process.env.QUORUM_NO_LISTEN = '1';
  await migrateShared(directDb());
  await migrateTenants(directDb(), { concurrency: 4 });
  for (const s of [A, B]) {
    await provisionTenant(directDb(), { schema: s, name: s, domain: `${s.replace('_', '-')}.localhost` });
    await withTenant({ schema: s }, (db) =>
      db
        .insertInto('polls')
        .values({ question: `q of ${s}` })
        .execute(),
    );
  }
}, 60_000);

afterAll(async () => {
  await stopTenancyListener();
  await closePools();
  Object.assign(process.env, saved);
  delete process.env.QUORUM_NO_LISTEN;
});

describe('two-role mode', () => {
  it('is detected from the two URLs', () => {
    expect(roleMode()).toEqual({ mode: 'two-role', owner: 'quorum', request: 'quorum_req' });
  });

  it('provisioning creates the tenant role, and the request role is its NOINHERIT member', async () => {
    expect(await roleExists(tenantRoleName(A))).toBe(true);
    const r = await sql<{ rolinherit: boolean; member: boolean }>`
      select rolinherit, pg_has_role('quorum_req', ${tenantRoleName(A)}, 'MEMBER') as member
      from pg_roles where rolname = 'quorum_req'`.execute(directDb());
    expect(r.rows[0]).toEqual({ rolinherit: false, member: true });
  });

  it('reads and writes its own schema; another schema is refused with permission denied', async () => {
    const own = await withTenant({ schema: A }, (db) => db.selectFrom('polls').select('question').execute());
    expect(own).toEqual([{ question: `q of ${A}` }]);
    // A bug that names the other schema outright.
    expect(await code(withTenant({ schema: A }, (db) => sql`select * from ${sql.id(B, 'polls')}`.execute(db)))).toBe('42501');
    expect(await code(withTenant({ schema: A }, (db) => sql`insert into ${sql.id(B, 'polls')} (question) values ('x')`.execute(db)))).toBe(
      '42501',
    );
    expect(await code(tenantStatement({ schema: A }, (db) => db.withSchema(B).selectFrom('polls').select('question')))).toBe('42501');
    // Switching to the other tenant's role by hand is possible for the member, so the guard is
    // against mistakes, not hostile SQL; but RESET ROLE leaves the request role with nothing.
    expect(
      await code(
        withTenant({ schema: A }, async (db) => {
          await sql`reset role`.execute(db);
          return sql`select * from ${sql.id(A, 'polls')}`.execute(db);
        }),
      ),
    ).toBe('42501');
    const b = await withTenant({ schema: B }, (db) => db.selectFrom('polls').select('question').execute());
    expect(b).toEqual([{ question: `q of ${B}` }]);
  });

  it('the request role outside a tenant transaction reaches no tenant table and only the public tables it needs', async () => {
    expect(await code(sql`select * from ${sql.id(A, 'polls')}`.execute(pooledDb()))).toBe('42501');
    expect(await code(sql`select * from public.superusers`.execute(pooledDb()))).toBe('42501');
    expect(await code(sql`select * from public.quorum_migrations`.execute(pooledDb()))).toBe('42501');
    expect(await code(sql`delete from public.tenants`.execute(pooledDb()))).toBe('42501');
    expect((await resolveTenant('roles-a.localhost'))?.schema).toBe(A);
    // and inside a tenant transaction, the tenant role sees no public table at all
    expect(await code(withTenant({ schema: A }, (db) => sql`select * from public.tenants`.execute(db)))).toBe('42501');
  });

  it('SET LOCAL ROLE ends with the transaction: explicit and implicit (tenantStatement), through PgBouncer', async () => {
    const inside = await withTenant({ schema: A }, (db) => sql<{ u: string }>`select current_user as u`.execute(db));
    expect(inside.rows[0].u).toBe(tenantRoleName(A));
    const one = await tenantStatement({ schema: B }, (db) => db.selectNoFrom(sql<string>`current_user`.as('u')));
    expect(one[0].u).toBe(tenantRoleName(B));
    // Every server connection of the small PgBouncer pool, right after: back to the login role.
    const pool = pooledPgPool();
    const clients = await Promise.all(Array.from({ length: 6 }, () => pool.connect()));
    try {
      const users = await Promise.all(
        clients.map((c) => c.query<{ u: string; p: string }>("select current_user as u, current_setting('search_path') as p")),
      );
      for (const r of users) expect(r.rows[0]).toEqual({ u: 'quorum_req', p: '"$user", public' });
    } finally {
      for (const c of clients) c.release();
    }
  });

  it('3,000 concurrent tenant transactions through PgBouncer: each sees its own role, schema and rows only', async () => {
    const jobs = Array.from({ length: 3000 }, (_, i) => (i % 2 === 0 ? A : B));
    // 100 in flight at once over the pg pool (10) and PgBouncer's 4 server connections.
    const seen = await mapLimit(
      jobs.map((s, i) => [s, i] as const),
      100,
      ([s, i]) =>
        i % 3 === 0
          ? tenantStatement({ schema: s }, (db) => db.selectFrom('polls').select(['question', sql<string>`current_user`.as('u')]))
          : withTenant({ schema: s }, (db) =>
              db
                .selectFrom('polls')
                .select(['question', sql<string>`current_user`.as('u')])
                .execute(),
            ),
    );
    let wrong = 0;
    seen.forEach((rows, i) => {
      const s = jobs[i];
      if (rows.length !== 1 || rows[0].question !== `q of ${s}` || rows[0].u !== tenantRoleName(s)) wrong++;
    });
    expect(wrong).toBe(0);
    const after = await sql<{ u: string }>`select current_user as u`.execute(pooledDb());
    expect(after.rows[0].u).toBe('quorum_req');
  }, 120_000);

  it('each tenant transaction carries statement_timeout (default 1.9 s, per-tenant override)', async () => {
    const d = await withTenant({ schema: A }, (db) => sql<{ t: string }>`select current_setting('statement_timeout') as t`.execute(db));
    expect(d.rows[0].t).toBe('1900ms');
    expect(await code(withTenant({ schema: A, statementTimeoutMs: 100 }, (db) => sql`select pg_sleep(1)`.execute(db)))).toBe('57014');
    expect(await code(tenantStatement({ schema: A, statementTimeoutMs: 100 }, (db) => db.selectNoFrom(sql`pg_sleep(1)`.as('x'))))).toBe(
      '57014',
    );
    const after = await sql<{ t: string }>`select current_setting('statement_timeout') as t`.execute(pooledDb());
    expect(after.rows[0].t).toBe('0');
  });

  it('migrate --check reports drift, migrate repairs it (idempotent)', async () => {
    expect((await checkMigrations(directDb())).roles).toMatchObject({ mode: 'two-role', tenants: [], global: [] });
    await sql`revoke select on ${sql.id(A, 'polls')} from ${sql.id(tenantRoleName(A))}`.execute(directDb());
    await sql`revoke ${sql.id(tenantRoleName(B))} from quorum_req`.execute(directDb());
    const drift = (await checkMigrations(directDb())).roles.tenants;
    expect(drift).toEqual([
      { schema: A, problem: 'missing table grants' },
      { schema: B, problem: 'request role not a member' },
    ]);
    expect(await code(withTenant({ schema: B }, (db) => db.selectFrom('polls').selectAll().execute()))).toBe('42501');
    let repaired: string[] = [];
    await migrateTenants(directDb(), { onRoles: (r) => (repaired = r.repaired.sort()) });
    expect(repaired).toEqual([A, B]);
    expect((await checkMigrations(directDb())).roles.tenants).toEqual([]);
    await migrateTenants(directDb(), { onRoles: (r) => (repaired = r.repaired) });
    expect(repaired).toEqual([]);
    expect(await withTenant({ schema: B }, (db) => db.selectFrom('polls').select('question').execute())).toEqual([
      { question: `q of ${B}` },
    ]);
  });

  it('rename renames the role; delete drops it (with or without the schema)', async () => {
    await provisionTenant(directDb(), { schema: 'roles_c', name: 'c', domain: 'roles-c.localhost' });
    await renameTenant(directDb(), 'roles_c', 'roles_d');
    expect(await roleExists('tenant_roles_c')).toBe(false);
    expect(await roleExists('tenant_roles_d')).toBe(true);
    expect(await withTenant({ schema: 'roles_d' }, (db) => db.selectFrom('polls').selectAll().execute())).toEqual([]);
    await deleteTenant(directDb(), 'roles_d', { dropSchema: false });
    expect(await roleExists('tenant_roles_d')).toBe(false);
    await provisionTenant(directDb(), { schema: 'roles_e', name: 'e', domain: 'roles-e.localhost' });
    await deleteTenant(directDb(), 'roles_e', { dropSchema: true });
    expect(await roleExists('tenant_roles_e')).toBe(false);
  });

  it('a long schema name gets a distinct, valid role name', () => {
    const long1 = 'a'.repeat(60) + 'bcd';
    const long2 = 'a'.repeat(60) + 'bce';
    expect(tenantRoleName(long1).length).toBeLessThanOrEqual(63);
    expect(tenantRoleName(long1)).not.toBe(tenantRoleName(long2));
  });

  it('the database names tenant roles exactly as tenantRoleName does (the job-queue functions rely on it)', async () => {
    const names = ['a', 'roles_a', 'x'.repeat(56), 'x'.repeat(57), 'a'.repeat(60) + 'bcd', 'b'.repeat(63)];
    const r = await sql<{ s: string; role: string }>`
      select s, public.quorum_tenant_role(s) as role from unnest(${names}::text[]) as s`.execute(directDb());
    expect(r.rows).toEqual(names.map((s) => ({ s, role: tenantRoleName(s) })));
  });
});
