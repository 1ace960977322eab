import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePools, directDb, pooledDb } from '@/lib/db/pool';
import { checkMigrations, mapLimit, migrateShared, migrateTenants } from '@/lib/migrate/runner';
import type { Migration } from '@/lib/migrate/types';
import { tenantMigrations } from '@/migrations/tenant';
import { provisionSteps, provisionTenant } from '@/lib/tenancy/provision-tenant';
import { resolveTenant, stopTenancyListener } from '@/lib/tenancy/resolve-host';
import { addDomain, deleteTenant } from '@/lib/tenancy/tenants';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { requirePooledUrl, testEnv } from '@/test/harness/env';

async function leftovers(schema: string, domain: string) {
  const db = directDb();
  const [t, d, n] = await Promise.all([
    db.selectFrom('public.tenants').select('id').where('schema_name', '=', schema).execute(),
    db.selectFrom('public.domains').select('id').where('domain', '=', domain).execute(),
    sql<{ n: number }>`select count(*)::int as n from pg_namespace where nspname = ${schema}`.execute(db),
  ]);
  return { tenants: t.length, domains: d.length, schemas: n.rows[0].n };
}

beforeAll(async () => {
  await migrateShared();
});

afterAll(async () => {
  await stopTenancyListener();
  await closePools();
});

describe('provisioning', () => {
  it('creates row, primary domain, schema, tables and admin together', async () => {
    const t0 = performance.now();
    const row = await provisionTenant({ schema: 'prov_ok', name: 'Prov OK', domain: 'prov-ok.localhost', admin: { email: 'A@Example.com', password: 'correct horse' } });
    const ms = performance.now() - t0;
    expect(row.schema_name).toBe('prov_ok');
    expect(await leftovers('prov_ok', 'prov-ok.localhost')).toEqual({ tenants: 1, domains: 1, schemas: 1 });
    const users = await withTenant({ schema: 'prov_ok' }, (db) => db.selectFrom('users').select(['email', 'role']).execute());
    expect(users).toEqual([{ email: 'a@example.com', role: 'admin' }]);
    const applied = await withTenant({ schema: 'prov_ok' }, (db) => db.selectFrom('quorum_migrations').select('name').orderBy('name').execute());
    expect(applied.map((r) => r.name)).toEqual(tenantMigrations.map((m) => m.name));
    expect(ms).toBeLessThan(5000); // sanity only; the real figure is measured in bench/
    const resolved = await resolveTenant('prov-ok.localhost');
    expect(resolved?.schema).toBe('prov_ok');
  });

  it.each(provisionSteps)('a failure at step %s leaves nothing behind, and a retry succeeds', async (step) => {
    const schema = `fail_${step.replace('-', '_')}`;
    const domain = `${schema.replace(/_/g, '-')}.localhost`;
    await expect(
      provisionTenant(
        { schema, name: 'Doomed', domain, admin: { email: 'x@example.com', password: 'password1' } },
        {
          beforeStep: (s) => {
            if (s === step) throw new Error(`injected failure at ${s}`);
          },
        },
      ),
    ).rejects.toThrow(`injected failure at ${step}`);
    expect(await leftovers(schema, domain)).toEqual({ tenants: 0, domains: 0, schemas: 0 });
    await provisionTenant({ schema, name: 'Retry', domain });
    expect(await leftovers(schema, domain)).toEqual({ tenants: 1, domains: 1, schemas: 1 });
  });

  it('a killed connection mid-provisioning leaves nothing behind', async () => {
    const env = testEnv();
    const killer = new pg.Client({ connectionString: env.superuserUrl });
    await killer.connect();
    try {
      await expect(
        provisionTenant(
          { schema: 'killed', name: 'Killed', domain: 'killed.localhost' },
          {
            beforeStep: async (s) => {
              if (s !== 'tables') return;
              // Terminate every quorum backend currently inside a transaction: ours.
              await killer.query(`select pg_terminate_backend(pid) from pg_stat_activity where usename = 'quorum' and state like 'idle in transaction%'`);
              await new Promise((r) => setTimeout(r, 50));
            },
          },
        ),
      ).rejects.toThrow();
    } finally {
      await killer.end();
    }
    expect(await leftovers('killed', 'killed.localhost')).toEqual({ tenants: 0, domains: 0, schemas: 0 });
    await provisionTenant({ schema: 'killed', name: 'Killed', domain: 'killed.localhost' });
    expect(await leftovers('killed', 'killed.localhost')).toEqual({ tenants: 1, domains: 1, schemas: 1 });
  });

  it.each([
    ['x"; drop table public.tenants; --', 'hostile-1.localhost'],
    ['pg_catalog', 'hostile-2.localhost'],
    ['public', 'hostile-3.localhost'],
    ['select', 'hostile-4.localhost'],
    ['Upper', 'hostile-5.localhost'],
    ['a'.repeat(64), 'hostile-6.localhost'],
  ])('refuses hostile schema name %j with a sentence and leaves nothing', async (schema, domain) => {
    await expect(provisionTenant({ schema, name: 'Hostile', domain })).rejects.toMatchObject({ status: 400, field: 'schema' });
    expect((await leftovers(schema, domain)).domains).toBe(0);
    const still = await directDb().selectFrom('public.tenants').select('id').execute();
    expect(still.length).toBeGreaterThan(0); // public.tenants survived
  });

  it('refuses a taken domain and a taken schema with 409, leaving nothing', async () => {
    await expect(provisionTenant({ schema: 'taken_dom', name: 'T', domain: 'prov-ok.localhost' })).rejects.toMatchObject({ status: 409, field: 'domain' });
    expect(await leftovers('taken_dom', 'nothing.localhost')).toEqual({ tenants: 0, domains: 0, schemas: 0 });
    await expect(provisionTenant({ schema: 'prov_ok', name: 'T', domain: 'other.localhost' })).rejects.toMatchObject({ status: 409, field: 'schema' });
    expect((await leftovers('prov_ok', 'other.localhost')).domains).toBe(0);
  });

  it('concurrent signups for the same name give exactly one tenant', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => provisionTenant({ schema: 'race', name: `Race ${i}`, domain: 'race.localhost' })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect((r.reason as { status?: number }).status).toBe(409);
    expect(await leftovers('race', 'race.localhost')).toEqual({ tenants: 1, domains: 1, schemas: 1 });
  });

  it('domain changes are visible to host resolution at once', async () => {
    expect(await resolveTenant('prov-ok-alt.localhost')).toBeNull();
    await addDomain('prov_ok', 'prov-ok-alt.localhost');
    expect((await resolveTenant('prov-ok-alt.localhost'))?.schema).toBe('prov_ok');
    await deleteTenant('killed', { dropSchema: true });
    expect(await resolveTenant('killed.localhost')).toBeNull();
    expect(await leftovers('killed', 'killed.localhost')).toEqual({ tenants: 0, domains: 0, schemas: 0 });
  });
});

describe('withTenant through PgBouncer (transaction pooling)', () => {
  const N = 20;
  const schemas = Array.from({ length: N }, (_, i) => `iso_${i}`);

  beforeAll(async () => {
    requirePooledUrl();
    for (const s of schemas) await provisionTenant({ schema: s, name: s, domain: `${s.replace('_', '-')}.localhost` });
    for (const s of schemas) {
      await withTenant({ schema: s }, (db) => db.insertInto('polls').values({ question: `owned by ${s}`, created_by: null }).execute());
    }
  });

  it('runs thousands of concurrent tenant transactions with zero leaks', async () => {
    expect(process.env.DATABASE_URL).toBe(testEnv().pooledUrl);
    const jobs = Array.from({ length: 3000 }, (_, i) => schemas[(i * 7) % N]);
    let leaks = 0;
    // 200 in flight at a time (a web server's worth), all through PgBouncer's few server connections;
    // not 3000 at once, which would only measure how long the pool queue may wait on a busy machine.
    await mapLimit(jobs, 200, (s) =>
      withTenant({ schema: s }, async (db) => {
        const r = await sql<{ path: string; q: string }>`select current_setting('search_path') as path, (select question from polls limit 1) as q`.execute(db);
        if (r.rows[0].path !== `"${s}"` || r.rows[0].q !== `owned by ${s}`) leaks++;
      }),
    );
    expect(leaks).toBe(0);
    // After all of it, a plain query on the pool sees no tenant search_path left behind.
    const after = await Promise.all(Array.from({ length: 8 }, () => sql<{ path: string }>`select current_setting('search_path') as path`.execute(pooledDb())));
    for (const r of after) expect(r.rows[0].path).not.toMatch(/iso_/);
  });

  it('control: a session-level SET through the same PgBouncer IS detected as a leak', async () => {
    const pool = new pg.Pool({ connectionString: requirePooledUrl(), max: 8 });
    try {
      const c = await pool.connect();
      await c.query(`set search_path to "iso_3"`); // the anti-pattern: session level, outside a transaction
      c.release();
      const seen = await Promise.all(Array.from({ length: 16 }, () => pool.query<{ path: string }>(`select current_setting('search_path') as path`)));
      expect(seen.some((r) => r.rows[0].path === '"iso_3"' || r.rows[0].path === 'iso_3')).toBe(true);
      // clean up the poisoned server connection(s)
      await Promise.all(Array.from({ length: 16 }, () => pool.query('reset search_path')));
    } finally {
      await pool.end();
    }
  });

  it('an error inside withTenant rolls back and does not poison the connection', async () => {
    await expect(
      withTenant({ schema: 'iso_1' }, async (db) => {
        await db.insertInto('polls').values({ question: 'rolled back', created_by: null }).execute();
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const n = await withTenant({ schema: 'iso_1' }, (db) => db.selectFrom('polls').select('question').where('question', '=', 'rolled back').execute());
    expect(n).toHaveLength(0);
  });
});

describe('migration runner', () => {
  it('applies a new migration everywhere except a broken tenant, which keeps its version and is reported', async () => {
    const broken: Migration = {
      name: '2099_01_01_001_add_poll_tag',
      async up(db) {
        await sql`alter table polls add column tag text`.execute(db);
      },
    };
    // Make one tenant fail: the column already exists there.
    await withTenant({ schema: 'iso_5' }, (db) => sql`alter table polls add column tag text`.execute(db), directDb());
    const migrations = [...tenantMigrations, broken];
    const before = await checkMigrations({ migrations });
    expect(before.behind.length).toBe(before.total);

    const results = await migrateTenants({ migrations, concurrency: 4 });
    const failed = results.filter((r) => r.error);
    expect(failed.map((r) => r.schema)).toEqual(['iso_5']);
    expect(results.filter((r) => !r.error).every((r) => r.applied.includes(broken.name))).toBe(true);

    const after = await checkMigrations({ migrations });
    expect(after.failed.map((f) => f.schema)).toEqual(['iso_5']);
    expect(after.failed[0].version).toBe(tenantMigrations[tenantMigrations.length - 1].name);
    expect(after.behind).toEqual([]);
    expect(after.upToDate).toBe(after.total - 1);
    const rec = await withTenant({ schema: 'iso_5' }, (db) => db.selectFrom('quorum_migrations').select('name').execute(), directDb());
    expect(rec.map((r) => r.name)).not.toContain(broken.name);

    // Fix the tenant and re-run: only it is visited, and it catches up.
    await withTenant({ schema: 'iso_5' }, (db) => sql`alter table polls drop column tag`.execute(db), directDb());
    const rerun = await migrateTenants({ migrations });
    expect(rerun.map((r) => [r.schema, r.error ?? null])).toEqual([['iso_5', null]]);
    expect((await checkMigrations({ migrations })).upToDate).toBe(after.total);
  });
});
