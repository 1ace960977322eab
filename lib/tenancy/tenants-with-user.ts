import { sql, type Kysely } from 'kysely';
import type { PublicDatabase } from '@/lib/infra/db/schema';
import { log } from '@/lib/infra/log';
import { quotedSchema } from './schema-ops';

/** An organisation where an address has an account: what "find your organisation" mails. */
export interface UserTenant {
  id: number;
  name: string;
  /** The primary domain: where that account logs in. */
  host: string;
}

/**
 * Schemas per statement. Measured over 10,000 tenants (bench/find-organisation.ts, 2 busy cores):
 * 100 → 10.7–11.4 s p50, 500 → 19–22 s, 2,000 → 16–18 s; the time goes into opening each schema's
 * relations, which larger unions do not amortise.
 */
export const LOOKUP_BATCH = 100;

/**
 * The active tenants (with a primary domain) where `email` (already lower-cased, as users.email is
 * stored) is a user. Cross-tenant, so on the DIRECT connection and outside any tenant context: the
 * tenants are read once, then their `users` tables are probed `batchSize` schemas at a time with
 * one UNION ALL statement each (users.email is unique, so each branch is one index lookup). A
 * batch that fails (a tenant deleted meanwhile, or a planner that refuses the cross-schema union,
 * as Citus may for schemas on different nodes) is retried tenant by tenant, and a tenant that
 * still fails is left out with a log line rather than failing everyone else's lookup.
 * Suspended tenants are left out: their members cannot log in, so their address helps nobody.
 */
export async function tenantsWithUser(db: Kysely<PublicDatabase>, email: string, opts: { batchSize?: number } = {}): Promise<UserTenant[]> {
  const tenants = await db
    .selectFrom('public.tenants as t')
    .innerJoin('public.domains as d', (j) => j.onRef('d.tenant_id', '=', 't.id').on('d.is_primary', '=', true))
    .select(['t.id', 't.schema_name', 't.name', 'd.domain as host'])
    .where('t.status', '=', 'active')
    .orderBy('t.id')
    .execute();
  const found = new Set<number>();
  const probe = async (batch: typeof tenants) => {
    const branches = batch.map(
      (t) => sql`select ${t.id}::int as id from ${sql.raw(quotedSchema(t.schema_name))}.users where email = ${email}`,
    );
    const { rows } = await sql<{ id: number }>`${sql.join(branches, sql` union all `)}`.execute(db);
    for (const r of rows) found.add(r.id);
  };
  const size = Math.max(1, opts.batchSize ?? LOOKUP_BATCH);
  for (let i = 0; i < tenants.length; i += size) {
    const batch = tenants.slice(i, i + size);
    try {
      await probe(batch);
    } catch (err) {
      if (batch.length === 1) {
        log.warn({ err: (err as Error).message, tenant: batch[0].schema_name }, 'tenant lookup by email: tenant skipped');
        continue;
      }
      log.warn({ err: (err as Error).message, tenants: batch.length }, 'tenant lookup by email: batch failed, probing one by one');
      for (const t of batch) {
        await probe([t]).catch((e: Error) => log.warn({ err: e.message, tenant: t.schema_name }, 'tenant lookup by email: tenant skipped'));
      }
    }
  }
  return tenants.filter((t) => found.has(t.id)).map(({ id, name, host }) => ({ id, name, host }));
}
