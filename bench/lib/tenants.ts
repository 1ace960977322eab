// Creating tenants and data for the benches: the bulk seeder (lib/cli/seed.ts) and a small data
// filler for one tenant.
import { sql } from 'kysely';
import { directDb } from '@/lib/infra/db/pool';
import { RECOUNT_VOTES_SQL } from '@/lib/features/polls/counts';
import { migrateShared } from '@/lib/tenancy/migrate/runner';
import { seedTenants, type SeedResult } from '@/lib/cli/seed';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { log } from './common';

export interface DataShape {
  polls: number;
  choices: number;
  votes: number;
}

export async function ensureShared(): Promise<void> {
  await migrateShared(directDb());
}

/**
 * Creates `n` tenants with the bulk seeder (lib/cli/seed.ts): schema `<prefix>_<i>`, domain
 * `<prefix>-<i>.localhost` (i = 1..n), with the given data each. Returns how long it took.
 */
export async function createTenants(
  n: number,
  opts: { prefix: string; concurrency?: number; data?: DataShape; onProgress?: (line: string) => void },
): Promise<{ ms: number; seed: SeedResult }> {
  const data = opts.data ?? { polls: 0, choices: 0, votes: 0 };
  const t0 = performance.now();
  const seed = await seedTenants(directDb(), {
    tenants: n,
    ...data,
    prefix: opts.prefix,
    concurrency: opts.concurrency,
    log: (m) => {
      log(`  seed: ${m}`);
      // The seeder's progress lines ("seeded 1000/10000 tenants (…)") come every tenth.
      if (m.startsWith('seeded ')) opts.onProgress?.(m);
    },
  });
  return { ms: performance.now() - t0, seed };
}

/** Users (one per vote slot), polls, choices and votes in one tenant; one transaction, direct connection. */
export async function fillTenant(schema: string, data: DataShape, passwordHash: string): Promise<void> {
  await withTenant(
    { schema },
    async (trx) => {
      const nUsers = Math.max(1, data.votes);
      await sql`insert into users (email, name, password_hash, role)
        select 'user' || g || '@bench.test', 'User ' || g, ${passwordHash}, case when g = 1 then 'admin' else 'member' end
        from generate_series(1, ${nUsers}::int) g`.execute(trx);
      await sql`insert into polls (question, created_by, pub_date)
        select 'Bench question ' || g || '?', 1, now() - make_interval(mins => g) from generate_series(1, ${data.polls}::int) g`.execute(
        trx,
      );
      await sql`insert into choices (poll_id, choice_text, position)
        select p.id, 'Choice ' || c, c - 1 from polls p cross join generate_series(1, ${data.choices}::int) c`.execute(trx);
      if (data.votes > 0 && data.choices > 0) {
        // Voter u on poll p picks choice ((u + p) mod choices): every (poll, user) once.
        await sql`insert into votes (choice_id, poll_id, voted_by)
          select c.id, p.id, u.id
          from polls p cross join users u
          join choices c on c.poll_id = p.id and c.position = (u.id + p.id) % ${data.choices}::int
          where u.id <= ${data.votes}::int`.execute(trx);
        await sql.raw(RECOUNT_VOTES_SQL).execute(trx);
      }
    },
    directDb(),
  );
}

/** Every tenant's schema and primary domain, in creation order. */
export async function tenantHosts(): Promise<{ schema: string; domain: string }[]> {
  const rows = await directDb()
    .selectFrom('public.tenants as t')
    .innerJoin('public.domains as d', (j) => j.onRef('d.tenant_id', '=', 't.id').on('d.is_primary', '=', true))
    .select(['t.schema_name as schema', 'd.domain'])
    .orderBy('t.id')
    .execute();
  return rows;
}

export async function tenantCount(): Promise<number> {
  const r = await directDb()
    .selectFrom('public.tenants')
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return r.n;
}
