// The operator dashboard's data (issue 15, item 15): signups per day, tenants by status, the size
// ranking, and the pool sampler writing and pruning. Real PostgreSQL and PgBouncer.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signupsPerDay, tenantsByStatus } from '@/lib/features/admin/dashboard';
import {
  POOL_SAMPLE_RETENTION_MS,
  prunePoolSamples,
  recentPoolSamples,
  recordPoolSample,
  samplePool,
} from '@/lib/features/admin/pool-samples';
import { closePools, directDb } from '@/lib/infra/db/pool';
import { cronTasks } from '@/lib/jobs/cron';
import { largestTenants } from '@/lib/platform';
import { migrateShared } from '@/lib/tenancy/migrate/runner';
import { provisionTenant } from '@/lib/platform/provision-tenant';
import { stopTenancyListener } from '@/lib/tenancy/resolve-host';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { requirePooledUrl, testEnv } from '@/harness/env';

const PREFIX = 'dash_';
// A month of our own, years ahead: no other test file's tenants fall into it.
const NOW = new Date('2031-03-15T12:00:00Z');

async function removeRows() {
  await sql`delete from public.tenants where schema_name like ${`${PREFIX}row_%`}`.execute(directDb());
}

beforeAll(async () => {
  await migrateShared(directDb());
  await removeRows();
});

afterAll(async () => {
  await removeRows();
  await stopTenancyListener();
  await closePools();
});

/** A public.tenants row without a schema: enough for the counts, which read only that table. */
async function tenantRow(
  n: number,
  fields: { created_at?: string; status?: 'active' | 'suspended'; on_trial?: boolean; paid_until?: string | null },
) {
  await directDb()
    .insertInto('public.tenants')
    .values({ schema_name: `${PREFIX}row_${n}`, name: `Row ${n}`, on_trial: false, ...fields })
    .execute();
}

describe('signups per day', () => {
  it('counts tenants by UTC creation day over 30 days up to today, with zeros, oldest first', async () => {
    await tenantRow(1, { created_at: '2031-03-15T00:00:00Z' }); // today, first second
    await tenantRow(2, { created_at: '2031-03-15T11:59:00Z' });
    await tenantRow(3, { created_at: '2031-03-14T23:59:59Z' }); // yesterday, last second
    await tenantRow(4, { created_at: '2031-02-14T00:00:00Z' }); // the first of the 30 days
    await tenantRow(5, { created_at: '2031-02-13T23:59:59Z' }); // a day too old
    const days = await signupsPerDay(directDb(), 30, NOW);
    expect(days).toHaveLength(30);
    expect(days[0]).toEqual({ day: '2031-02-14', count: 1 });
    expect(days[29]).toEqual({ day: '2031-03-15', count: 2 });
    expect(days[28]).toEqual({ day: '2031-03-14', count: 1 });
    expect(days.reduce((s, d) => s + d.count, 0)).toBe(4);
    expect(days.map((d) => d.day)).toEqual([...days.map((d) => d.day)].sort());
    await removeRows();
  });
});

describe('tenants by status', () => {
  it('counts each badge of the tenant list, suspended first, then trial, expired, paid and active', async () => {
    const before = await tenantsByStatus(directDb(), NOW);
    await tenantRow(11, { status: 'suspended', on_trial: true, paid_until: '2030-01-01' });
    await tenantRow(12, { on_trial: true, paid_until: '2030-01-01' }); // a trial whose end has passed is expired
    await tenantRow(17, { on_trial: true, paid_until: '2031-04-01' }); // a running trial
    await tenantRow(13, { paid_until: '2031-03-14' }); // expired
    await tenantRow(14, { paid_until: '2031-03-15' }); // paid through today
    await tenantRow(15, { paid_until: '2032-01-01' });
    await tenantRow(16, { paid_until: null }); // active, no end date
    const after = await tenantsByStatus(directDb(), NOW);
    const delta = Object.fromEntries(after.map((s, i) => [s.kind, s.count - before[i]!.count]));
    expect(delta).toEqual({ active: 1, paid: 2, trial: 1, expired: 2, suspended: 1 });
    expect(after.map((s) => s.kind)).toEqual(['active', 'paid', 'trial', 'expired', 'suspended']);
    await removeRows();
  });
});

describe('largest tenants', () => {
  const big = `${PREFIX}big`;
  const small = `${PREFIX}small`;

  beforeAll(async () => {
    for (const schema of [big, small]) {
      if ((await sql`select 1 from public.tenants where schema_name = ${schema}`.execute(directDb())).rows.length) continue;
      await provisionTenant(directDb(), {
        schema,
        name: schema === big ? 'Big Co' : 'Small Co',
        domain: `${schema.replace(/_/g, '-')}.localhost`,
      });
    }
    await withTenant({ schema: big }, async (db) => {
      const u = await db
        .insertInto('users')
        .values({ email: 'a@big.test', name: 'A', password_hash: 'x', role: 'admin' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await sql`insert into polls (question, created_by) select 'A question long enough to take some room ' || g, ${u.id} from generate_series(1, 20000) g`.execute(
        db,
      );
    });
    // The ranking reads the planner's page counts, which ANALYZE (or autovacuum) refreshes. VACUUM
    // also makes the table's free-space and visibility maps now, and autovacuum is kept off it:
    // otherwise it made them between two readings (one 8 KB page apart in one run).
    await sql.raw(`alter table "${big}".polls set (autovacuum_enabled = false)`).execute(directDb());
    await sql.raw(`vacuum analyze "${big}".polls`).execute(directDb());
  });

  it('ranks schemas by size, largest first, with exact sizes of tables, indexes and TOAST', async () => {
    const top = await largestTenants(directDb(), 50);
    const names = top.map((t) => t.schema);
    expect(names).toContain(big);
    expect(names.indexOf(big)).toBeLessThan(names.indexOf(small) === -1 ? Infinity : names.indexOf(small));
    for (let i = 1; i < top.length; i++) expect(top[i - 1]!.bytes).toBeGreaterThanOrEqual(top[i]!.bytes);
    const exact = await sql<{ n: string }>`
      select sum(pg_total_relation_size(c.oid))::text as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = ${big} and c.relkind in ('r', 'm')`.execute(directDb());
    const row = top.find((t) => t.schema === big)!;
    expect(row).toMatchObject({ name: 'Big Co', bytes: Number(exact.rows[0]!.n) });
    expect(row.bytes).toBeGreaterThan(1_000_000);
  });

  it('returns at most `limit` tenants', async () => {
    const all = await largestTenants(directDb(), 50);
    const one = await largestTenants(directDb(), 1);
    expect(one.map((t) => t.schema)).toEqual([all[0]!.schema]);
    expect(all.length).toBeGreaterThanOrEqual(2);
  });
});

describe('pool sampler', () => {
  const db = () => directDb();

  it('stores one sample a minute from PgBouncer and reads back the last hour', async () => {
    const pooled = requirePooledUrl();
    const at = new Date(Date.now() + 5 * 60_000); // a minute no cron job of a worker in this run can have used
    const first = await samplePool(db(), pooled, at);
    expect(first.recorded).toBe(true);
    if (!first.recorded) return;
    const stored = await db()
      .selectFrom('public.pool_samples')
      .selectAll()
      .where('sampled_at', '=', new Date(Math.floor(at.getTime() / 60_000) * 60_000))
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject(first.counters);
    const second = await samplePool(db(), pooled, new Date(at.getTime() + 10_000)); // same minute
    expect(second.recorded).toBe(true);
    const recent = await recentPoolSamples(db(), 60, new Date(at.getTime() + 30_000));
    const minute = new Date(Math.floor(at.getTime() / 60_000) * 60_000).getTime();
    expect(recent.filter((s) => s.at.getTime() === minute)).toHaveLength(1);
    expect(recent.every((s) => s.at.getTime() <= at.getTime() + 30_000)).toBe(true);
  });

  it('sees clients in use while transactions are open through PgBouncer', async () => {
    const pooled = requirePooledUrl();
    const pg = (await import('pg')).default;
    const clients = [new pg.Client({ connectionString: pooled }), new pg.Client({ connectionString: pooled })];
    try {
      for (const c of clients) {
        c.on('error', () => undefined);
        await c.connect();
        await c.query('begin');
        await c.query('select 1');
      }
      const at = new Date(Date.now() + 7 * 60_000);
      const outcome = await samplePool(db(), pooled, at);
      expect(outcome.recorded && outcome.counters.cl_active).toBeGreaterThanOrEqual(2);
      expect(outcome.recorded && outcome.counters.sv_active).toBeGreaterThanOrEqual(2);
    } finally {
      for (const c of clients) await c.end().catch(() => undefined);
    }
  });

  it('prunes samples past the retention window and keeps the rest', async () => {
    const now = new Date(Date.now() + 9 * 60_000);
    const zero = { cl_active: 0, cl_waiting: 0, sv_active: 0, sv_idle: 0, sv_used: 0, maxwait_s: 0, xact_per_s: 0 };
    const old = new Date(now.getTime() - POOL_SAMPLE_RETENTION_MS - 60_000);
    const kept = new Date(now.getTime() - POOL_SAMPLE_RETENTION_MS + 5 * 60_000);
    await recordPoolSample(db(), { ...zero, cl_active: 7 }, old);
    await recordPoolSample(db(), { ...zero, cl_active: 8 }, kept);
    const count = async (d: Date) =>
      (
        await sql<{
          n: number;
        }>`select count(*)::int as n from public.pool_samples where sampled_at = date_trunc('minute', ${d.toISOString()}::timestamptz)`.execute(
          db(),
        )
      ).rows[0]!.n;
    expect(await count(old)).toBe(1);
    // samplePool prunes after recording, whether or not PgBouncer could be read.
    await samplePool(db(), testEnv().directUrl, now);
    expect(await count(old)).toBe(0);
    expect(await count(kept)).toBe(1);
    expect(await prunePoolSamples(db(), 0, new Date(now.getTime() + 60 * 60_000))).toBeGreaterThan(0);
    expect(await count(kept)).toBe(0);
  });

  it('records nothing, and says why, when DATABASE_URL goes straight to PostgreSQL', async () => {
    const at = new Date(Date.now() + 11 * 60_000);
    const outcome = await samplePool(db(), testEnv().directUrl, at);
    expect(outcome).toEqual({ recorded: false, reason: expect.stringMatching(/straight at PostgreSQL/) });
    expect((await recentPoolSamples(db(), 1, at)).length).toBe(0);
  });

  it("the worker's sample_pool task samples DATABASE_URL into the table", async () => {
    requirePooledUrl();
    const before = Date.now();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await cronTasks.sample_pool!({}, {} as any);
    const recent = await recentPoolSamples(db(), 2);
    expect(recent.some((s) => s.at.getTime() >= Math.floor(before / 60_000) * 60_000)).toBe(true);
  });
});
