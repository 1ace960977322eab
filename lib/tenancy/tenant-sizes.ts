import { sql, type Kysely } from 'kysely';
import type { PublicDatabase } from '@/lib/db/schema';
import { isCitus } from './placement';

type Db = Kysely<PublicDatabase>;

export interface TenantSize {
  schema: string;
  name: string;
  /** Tables, indexes and TOAST of the tenant's schema, in bytes. */
  bytes: number;
}

/**
 * The tenants whose schemas take the most disk, largest first: one catalog query.
 *
 * Exact sizes (pg_total_relation_size) lock every table they measure until the transaction ends:
 * over 10,000 schemas that is some 70,000 locks, past PostgreSQL's shared lock table ("out of
 * shared memory"), and slow. So the ranking reads the planner's page counts (pg_class.relpages,
 * refreshed by (auto)vacuum, analyze and index builds; no locks, no file access), and only the
 * `candidates` leading schemas are measured exactly and ranked again. A tenant that grew since its
 * tables were last analyzed can rank below where it belongs until autovacuum catches up.
 */
export async function largestTenants(db: Db, limit = 10, candidates = Math.max(30, limit * 3)): Promise<TenantSize[]> {
  // On Citus a tenant's tables on the coordinator are empty shells; its data is in shards on the
  // workers, which citus_shards measures (like the node sizes of listNodes).
  if (await isCitus(db)) return largestOnCitus(db, limit);
  const r = await sql<{ schema: string; name: string; bytes: string | null }>`
    with estimate as (
      select t.schema_name, t.name, n.oid as nsp
      from public.tenants t
      join pg_namespace n on n.nspname = t.schema_name
      join pg_class c on c.relnamespace = n.oid and c.relkind in ('r', 'i', 'm')
      left join pg_class toast on toast.oid = c.reltoastrelid
      group by t.schema_name, t.name, n.oid
      order by sum(c.relpages::bigint + coalesce(toast.relpages, 0)) desc, t.schema_name
      limit ${candidates}
    )
    select e.schema_name as schema, e.name, sum(pg_total_relation_size(c.oid))::text as bytes
    from estimate e
    join pg_class c on c.relnamespace = e.nsp and c.relkind in ('r', 'm')
    group by e.schema_name, e.name
    order by sum(pg_total_relation_size(c.oid)) desc nulls last, e.schema_name
    limit ${limit}`.execute(db);
  return r.rows.map((row) => ({ schema: row.schema, name: row.name, bytes: Number(row.bytes ?? 0) }));
}

async function largestOnCitus(db: Db, limit: number): Promise<TenantSize[]> {
  const r = await sql<{ schema: string; name: string; bytes: string }>`
    select t.schema_name as schema, t.name, sum(s.shard_size)::text as bytes
    from citus_shards s
    join pg_class c on c.oid = s.table_name
    join pg_namespace n on n.oid = c.relnamespace
    join public.tenants t on t.schema_name = n.nspname
    where s.citus_table_type = 'schema'
    group by t.schema_name, t.name
    order by sum(s.shard_size) desc, t.schema_name
    limit ${limit}`.execute(db);
  return r.rows.map((row) => ({ schema: row.schema, name: row.name, bytes: Number(row.bytes) }));
}
