import { sql, type Kysely } from 'kysely';
import type { PublicDatabase } from '@/lib/infra/db/schema';
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
 * Exact sizes (pg_total_relation_size) open every table, index and TOAST relation and stat each of
 * their files: for all of 10,000 schemas that took 65 s here (bench/dashboard.ts). So the ranking
 * reads the planner's page counts (pg_class.relpages of tables and indexes, refreshed by
 * (auto)vacuum, analyze and index builds; no file access), and only the `candidates` leading
 * schemas are measured exactly (TOAST included) and ranked again. A tenant that grew since its
 * tables were last analyzed can rank below where it belongs until autovacuum catches up; TOAST is
 * left out of the ranking (tenant tables hold short texts).
 */
export async function largestTenants(db: Db, limit = 10, candidates = Math.max(30, limit * 3)): Promise<TenantSize[]> {
  // On Citus a tenant's tables on the coordinator are empty shells; its data is in shards on the
  // workers, which citus_shards measures (like the node sizes of listNodes).
  if (await isCitus(db)) return largestOnCitus(db, limit);
  // One pass over pg_class: each tenant schema's page count (tables, indexes) and its tables' oids;
  // then exact sizes for the leaders only. pg_class has no index on relnamespace, so a second
  // pass to find the leaders' tables would cost as much as the first.
  const r = await sql<{ schema: string; name: string; bytes: string | null }>`
    with ranked as (
      select c.relnamespace as nsp, array_agg(c.oid) filter (where c.relkind in ('r', 'm')) as tables
      from pg_class c
      where c.relkind in ('r', 'i', 'm')
        and c.relnamespace in (select n.oid from pg_namespace n join public.tenants t on t.schema_name = n.nspname)
      group by c.relnamespace
      order by sum(c.relpages::bigint) desc, c.relnamespace
      limit ${candidates}
    )
    select t.schema_name as schema, t.name, s.bytes::text as bytes
    from ranked r
    join pg_namespace n on n.oid = r.nsp
    join public.tenants t on t.schema_name = n.nspname
    cross join lateral (select sum(pg_total_relation_size(x)) as bytes from unnest(r.tables) x) s
    order by s.bytes desc nulls last, t.schema_name
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
