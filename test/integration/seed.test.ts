import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '@/lib/features/auth/password';
import { closePools, directDb } from '@/lib/infra/db/pool';
import { UserError } from '@/lib/infra/errors';
import { checkMigrations, migrateShared } from '@/lib/tenancy/migrate/runner';
import { recordFreshSchemaSql, inlineParameters } from '@/lib/tenancy/record-ddl';
import { seedTenants } from '@/lib/cli/seed';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { tenantMigrations } from '@/migrations/tenant';

const SIZE = { polls: 3, choices: 4, votes: 6 };

async function prefixState(prefix: string) {
  const db = directDb();
  const like = `${prefix}\\_%`;
  const [t, d, n] = await Promise.all([
    db.selectFrom('public.tenants').select('schema_name').where('schema_name', 'like', like).execute(),
    db.selectFrom('public.domains').select('domain').where('domain', 'like', `${prefix}-%`).execute(),
    sql<{ nspname: string }>`select nspname from pg_namespace where nspname like ${like}`.execute(db),
  ]);
  return { tenants: t.length, domains: d.length, schemas: n.rows.length };
}

async function tenantCounts(schema: string) {
  return withTenant(
    { schema },
    async (db) => {
      const r = await sql<{
        users: number;
        admins: number;
        polls: number;
        choices: number;
        votes: number;
        per_poll_min: number;
        per_poll_max: number;
        used_choices: number;
        migrations: number;
      }>`
        select (select count(*)::int from users) as users,
               (select count(*)::int from users where role = 'admin') as admins,
               (select count(*)::int from polls) as polls,
               (select count(*)::int from choices) as choices,
               (select count(*)::int from votes) as votes,
               (select min(n)::int from (select count(*) n from votes group by poll_id) x) as per_poll_min,
               (select max(n)::int from (select count(*) n from votes group by poll_id) x) as per_poll_max,
               (select count(distinct choice_id)::int from votes) as used_choices,
               (select count(*)::int from quorum_migrations) as migrations`.execute(db);
      return r.rows[0];
    },
    directDb(),
  );
}

beforeAll(async () => {
  await migrateShared(directDb());
});

afterAll(async () => {
  await closePools();
});

describe('seedTenants', () => {
  it('creates complete tenants with exact counts, all at the latest migration', async () => {
    const logs: string[] = [];
    const r = await seedTenants(directDb(), {
      tenants: 5,
      ...SIZE,
      prefix: 'seedt',
      batchSize: 2,
      concurrency: 2,
      password: 'seed-pass-1',
      log: (s) => logs.push(s),
    });
    expect(r).toMatchObject({ tenants: 5, polls: 15, choices: 60, votes: 90, users: 30, first: 'seedt_1', last: 'seedt_5' });
    expect(logs.at(-1)).toMatch(/seeded 5\/5 tenants/);
    expect(await prefixState('seedt')).toEqual({ tenants: 5, domains: 5, schemas: 5 });

    for (let n = 1; n <= 5; n++) {
      expect(await tenantCounts(`seedt_${n}`)).toEqual({
        users: 6,
        admins: 1,
        polls: 3,
        choices: 12,
        votes: 18,
        per_poll_min: 6,
        per_poll_max: 6,
        used_choices: expect.any(Number),
        migrations: tenantMigrations.length,
      });
    }
    // Votes are spread over choices, not all on one.
    expect((await tenantCounts('seedt_1')).used_choices).toBeGreaterThan(3);

    const domains = await directDb()
      .selectFrom('public.domains as d')
      .innerJoin('public.tenants as t', 't.id', 'd.tenant_id')
      .select(['t.schema_name', 'd.domain', 'd.is_primary', 't.migration_status'])
      .where('t.schema_name', 'like', 'seedt\\_%')
      .orderBy('t.schema_name')
      .execute();
    expect(domains).toEqual(
      [1, 2, 3, 4, 5].map((n) => ({ schema_name: `seedt_${n}`, domain: `seedt-${n}.localhost`, is_primary: true, migration_status: 'ok' })),
    );

    const report = await checkMigrations(directDb());
    const seeded = ['seedt_1', 'seedt_2', 'seedt_3', 'seedt_4', 'seedt_5'];
    const notOk = [...report.behind.map((b) => b.schema), ...report.failed.map((f) => f.schema), ...report.missingSchema];
    expect(notOk.filter((s) => seeded.includes(s))).toEqual([]);
    expect(report.sharedPending).toEqual([]);

    // Every seeded user shares the one precomputed hash, and it verifies.
    const hashes = await withTenant(
      { schema: 'seedt_3' },
      (db) => db.selectFrom('users').select('password_hash').distinct().execute(),
      directDb(),
    );
    expect(hashes).toHaveLength(1);
    expect(await verifyPassword('seed-pass-1', hashes[0].password_hash)).toBe(true);
  });

  it('produces the same tables as the migrations when the migrations run per schema (no recording)', async () => {
    await seedTenants(directDb(), { tenants: 2, ...SIZE, prefix: 'seedp', recordedDdl: false });
    const shape = (schema: string) =>
      sql<{ d: string }>`
        select string_agg(format('%s.%s %s %s', c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull), ',' order by c.relname, a.attnum) as d
        from pg_class c join pg_namespace n on n.oid = c.relnamespace join pg_attribute a on a.attrelid = c.oid
        where n.nspname = ${schema} and a.attnum > 0 and not a.attisdropped`.execute(directDb());
    const idx = (schema: string) =>
      sql<{ d: string }>`select string_agg(indexdef, ',' order by indexname) as d from pg_indexes where schemaname = ${schema}`.execute(
        directDb(),
      );
    const [a, b, ia, ib] = await Promise.all([shape('seedt_1'), shape('seedp_1'), idx('seedt_1'), idx('seedp_1')]);
    expect(a.rows[0].d).toBe(b.rows[0].d);
    expect(ia.rows[0].d.replaceAll('seedt_1', 'S')).toBe(ib.rows[0].d.replaceAll('seedp_1', 'S'));
    expect(await tenantCounts('seedp_2')).toMatchObject({
      users: 6,
      polls: 3,
      choices: 12,
      votes: 18,
      migrations: tenantMigrations.length,
    });
  });

  it('refuses a prefix whose names already exist, creating nothing', async () => {
    await expect(seedTenants(directDb(), { tenants: 7, ...SIZE, prefix: 'seedt' })).rejects.toThrow(
      /5 schemas and 5 domains .*already exist.*seedt_1/,
    );
    expect(await prefixState('seedt')).toEqual({ tenants: 5, domains: 5, schemas: 5 });
  });

  it('rejects bad input before touching the database', async () => {
    await expect(seedTenants(directDb(), { tenants: 1, ...SIZE, prefix: 'pg' })).rejects.toThrow(UserError);
    await expect(seedTenants(directDb(), { tenants: 1, ...SIZE, prefix: 'Bad-Prefix' })).rejects.toThrow(/--prefix/);
    await expect(seedTenants(directDb(), { tenants: 0, ...SIZE })).rejects.toThrow(/--tenants/);
    await expect(seedTenants(directDb(), { tenants: 1, polls: 1, choices: 0, votes: 1, prefix: 'seedz' })).rejects.toThrow(/choice/);
    expect(await prefixState('seedz')).toEqual({ tenants: 0, domains: 0, schemas: 0 });
  });

  it('a failing batch removes the tenants the run already created', async () => {
    await expect(
      seedTenants(directDb(), {
        tenants: 5,
        ...SIZE,
        prefix: 'seedf',
        batchSize: 1,
        concurrency: 1,
        beforeBatch: (i) => {
          if (i === 3) throw new Error('injected failure in batch 3');
        },
      }),
    ).rejects.toThrow('injected failure in batch 3');
    expect(await prefixState('seedf')).toEqual({ tenants: 0, domains: 0, schemas: 0 });
  });
});

describe('recorded tenant DDL', () => {
  it('is the tenant migrations plus their quorum_migrations record, parameters inlined', async () => {
    const stmts = await recordFreshSchemaSql(tenantMigrations);
    expect(stmts[0]).toMatch(/^create table quorum_migrations/);
    // quorum_migrations and the 12 tables of the tenant migrations (recovery_codes and
    // security_settings since 2026_12_05_401, single_sign_on since 2026_12_05_501,
    // webhook_endpoints and webhook_deliveries since 2026_12_05_601).
    expect(stmts.filter((s) => /^create table/.test(s))).toHaveLength(13);
    expect(stmts.at(-1)).toBe(`insert into "quorum_migrations" ("name") values ${tenantMigrations.map((m) => `('${m.name}')`).join(', ')}`);
    expect(stmts.join(';')).not.toMatch(/\$\d/);
  });

  it('inlines parameters only outside quotes', () => {
    expect(inlineParameters(`select $1, '$1', "$2" from t where a = $2 -- $1\n`, ["it's", 2])).toBe(
      `select 'it''s', '$1', "$2" from t where a = 2 -- $1\n`,
    );
  });
});
