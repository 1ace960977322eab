// Creating tenants and data for the benches: the bulk seeder (lib/seed/seed.ts) when it exists,
// otherwise provisionTenant in a bounded-concurrency loop plus a small data filler.
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { directDb } from '@/lib/db/pool';
import { hashPassword } from '@/lib/auth/password';
import { mapLimit, migrateShared } from '@/lib/migrate/runner';
import { provisionTenant } from '@/lib/tenancy/provision-tenant';
import { searchPathLiteral } from '@/lib/tenancy/with-tenant';
import { ROOT, log } from './common';

export interface DataShape {
  polls: number;
  choices: number;
  votes: number;
}

export interface SeedResult {
  tenants: number;
  polls: number;
  choices: number;
  votes: number;
  users: number;
  ms: number;
}

type SeedFn = (opts: {
  tenants: number;
  polls: number;
  choices: number;
  votes: number;
  prefix?: string;
  concurrency?: number;
  log?: (msg: string) => void;
}) => Promise<SeedResult>;

const SEED_MODULE = path.join(ROOT, 'lib', 'seed', 'seed.ts');

/** seedTenants from lib/seed/seed.ts, or null while that module does not exist. */
export async function loadSeeder(): Promise<SeedFn | null> {
  if (!fs.existsSync(SEED_MODULE)) return null;
  const mod = (await import(SEED_MODULE)) as { seedTenants?: SeedFn };
  return typeof mod.seedTenants === 'function' ? mod.seedTenants : null;
}

export async function ensureShared(): Promise<void> {
  await migrateShared();
}

/**
 * Creates `n` tenants: schema `<prefix>_<i>`, domain `<prefix>-<i>.localhost` (i = 1..n, the seeder's
 * naming), with the given data each. Uses the bulk seeder when it is
 * there (unless `useSeeder` is false), else provisionTenant with `concurrency` in flight.
 * Returns how it was done and how long it took.
 */
export async function createTenants(
  n: number,
  opts: { prefix: string; concurrency?: number; data?: DataShape; useSeeder?: boolean },
): Promise<{ method: 'seeder' | 'provisionTenant'; ms: number; seed?: SeedResult }> {
  const data = opts.data ?? { polls: 0, choices: 0, votes: 0 };
  const t0 = performance.now();
  const seeder = opts.useSeeder === false ? null : await loadSeeder();
  if (seeder) {
    const seed = await seeder({
      tenants: n,
      polls: data.polls,
      choices: data.choices,
      votes: data.votes,
      prefix: opts.prefix,
      concurrency: opts.concurrency,
      log: (m) => log(`  seed: ${m}`),
    });
    return { method: 'seeder', ms: performance.now() - t0, seed };
  }
  const ids = Array.from({ length: n }, (_, i) => i + 1);
  let done = 0;
  let lastLog = Date.now();
  const hash = data.votes > 0 || data.polls > 0 ? await hashPassword('bench-password') : '';
  await mapLimit(ids, opts.concurrency ?? 4, async (i) => {
    const schema = `${opts.prefix}_${i}`;
    await provisionTenant({ schema, name: `Bench ${schema}`, domain: `${schema.replace(/_/g, '-')}.localhost` });
    if (data.polls > 0) await fillTenant(schema, data, hash);
    done++;
    if (Date.now() - lastLog > 10_000) {
      lastLog = Date.now();
      log(`  provisioned ${done}/${n} (${((performance.now() - t0) / done).toFixed(1)} ms/tenant wall)`);
    }
  });
  return { method: 'provisionTenant', ms: performance.now() - t0 };
}

/** Users (one per vote slot), polls, choices and votes in one tenant; one transaction, direct connection. */
export async function fillTenant(schema: string, data: DataShape, passwordHash: string): Promise<void> {
  await directDb()
    .transaction()
    .execute(async (trx) => {
      await sql.raw(`select set_config('search_path', ${searchPathLiteral(schema)}, true)`).execute(trx);
      const nUsers = Math.max(1, data.votes);
      await sql`insert into users (email, name, password_hash, role)
        select 'user' || g || '@bench.test', 'User ' || g, ${passwordHash}, case when g = 1 then 'admin' else 'member' end
        from generate_series(1, ${nUsers}::int) g`.execute(trx);
      await sql`insert into polls (question, created_by, pub_date)
        select 'Bench question ' || g || '?', 1, now() - make_interval(mins => g) from generate_series(1, ${data.polls}::int) g`.execute(trx);
      await sql`insert into choices (poll_id, choice_text, position)
        select p.id, 'Choice ' || c, c - 1 from polls p cross join generate_series(1, ${data.choices}::int) c`.execute(trx);
      if (data.votes > 0 && data.choices > 0) {
        // Voter u on poll p picks choice ((u + p) mod choices): every (poll, user) once.
        await sql`insert into votes (choice_id, poll_id, voted_by)
          select c.id, p.id, u.id
          from polls p cross join users u
          join choices c on c.poll_id = p.id and c.position = (u.id + p.id) % ${data.choices}::int
          where u.id <= ${data.votes}::int`.execute(trx);
      }
    });
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
  const r = await directDb().selectFrom('public.tenants').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  return r.n;
}
