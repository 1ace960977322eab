// Usage per tenant (issue 21, part 5): what each server process counted (lib/tenancy/usage.ts)
// is added to public.tenant_usage once a minute (lib/entry/usage-flusher.ts), one row per tenant
// and minute summed over the processes; the operator dashboard's "Busiest tenants" and
// `tenants usage` read the last minutes of it. Works the same on plain PostgreSQL and on Citus
// (public tables stay on the coordinator).
import { sql, type Kysely } from 'kysely';
import type { PublicDatabase } from '@/lib/infra/db/schema';
import type { UsageWindow } from '@/lib/tenancy';

type Db = Kysely<PublicDatabase>;

/** Rows older than this are deleted by the flush. */
export const TENANT_USAGE_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Adds one window's counts to the row of the minute it started in, per tenant (a schema with no
 * tenant row any more is dropped), then prunes past the retention window. Returns the tenants written.
 */
export async function recordTenantUsage(db: Db, w: UsageWindow, now = new Date()): Promise<number> {
  let written = 0;
  const rows = [...w.tenants].filter(([, c]) => c.requests || c.dbMs >= 0.5 || c.throttled || c.refused);
  if (rows.length > 0) {
    const col = (f: (c: (typeof rows)[number][1]) => number) => rows.map(([, c]) => Math.round(f(c)));
    const r = await sql`insert into public.tenant_usage (minute, tenant_id, requests, db_ms, throttled, refused)
      select date_trunc('minute', ${new Date(w.since).toISOString()}::timestamptz), t.id, u.requests, u.db_ms, u.throttled, u.refused
      from unnest(${rows.map(([s]) => s)}::text[], ${col((c) => c.requests)}::int[], ${col((c) => c.dbMs)}::int[],
                  ${col((c) => c.throttled)}::int[], ${col((c) => c.refused)}::int[]) as u(schema_name, requests, db_ms, throttled, refused)
      join public.tenants t on t.schema_name = u.schema_name
      on conflict (minute, tenant_id) do update set
        requests = tenant_usage.requests + excluded.requests,
        db_ms = tenant_usage.db_ms + excluded.db_ms,
        throttled = tenant_usage.throttled + excluded.throttled,
        refused = tenant_usage.refused + excluded.refused`.execute(db);
    written = Number(r.numAffectedRows ?? 0);
  }
  await db
    .deleteFrom('public.tenant_usage')
    .where('minute', '<', new Date(now.getTime() - TENANT_USAGE_RETENTION_MS))
    .execute();
  return written;
}

export interface TenantUsage {
  schema: string;
  name: string;
  requests: number;
  dbMs: number;
  throttled: number;
  refused: number;
}

/**
 * The tenants with the most requests over the last `minutes` minutes (then the most database
 * time), with their totals; tenants without usage are not listed.
 */
export async function busiestTenants(db: Db, opts: { minutes?: number; limit?: number; now?: Date } = {}): Promise<TenantUsage[]> {
  const minutes = opts.minutes ?? 60;
  const now = opts.now ?? new Date();
  const rows = await db
    .selectFrom('public.tenant_usage as u')
    .innerJoin('public.tenants as t', 't.id', 'u.tenant_id')
    .select([
      't.schema_name as schema',
      't.name',
      sql<number>`sum(u.requests)::int`.as('requests'),
      sql<number>`sum(u.db_ms)::bigint::float8`.as('dbMs'),
      sql<number>`sum(u.throttled)::int`.as('throttled'),
      sql<number>`sum(u.refused)::int`.as('refused'),
    ])
    .where('u.minute', '>', new Date(now.getTime() - minutes * 60_000))
    .groupBy(['t.schema_name', 't.name'])
    .orderBy(sql`sum(u.requests)`, 'desc')
    .orderBy(sql`sum(u.db_ms)`, 'desc')
    .orderBy('t.schema_name')
    .limit(opts.limit ?? 10)
    .execute();
  return rows;
}
