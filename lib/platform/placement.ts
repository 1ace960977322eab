import { sql, type Kysely } from 'kysely';
import type { PublicDatabase } from '@/lib/infra/db/schema';
import { SCHEMA_GROUP_FROM } from '@/lib/infra/db/node-slots';
import { UserError } from '@/lib/infra/errors';

// Where tenants live on a Citus cluster (schema-based sharding: one schema = one shard group on
// one worker), and moving them. Only these placement features look for Citus; every other query
// runs the same on plain PostgreSQL and on Citus.

type Db = Kysely<PublicDatabase>;

export const NOT_CITUS = 'this database is not a Citus cluster';

/**
 * Online moves: logical replication copies the schema while reads and writes go on, and writes
 * pause only for the final catch-up and switch-over. 'auto' picks logical replication when every
 * table has a replica identity (ours all have primary keys); if one had none it refuses the move
 * up front, where 'force_logical' would move it and fail that table's UPDATEs and DELETEs
 * meanwhile, and 'block_writes' would stop all writes to the tenant for the whole copy.
 */
export const TRANSFER_MODE = 'auto';

export async function isCitus(db: Db): Promise<boolean> {
  const r = await sql<{ on: boolean }>`select exists (select 1 from pg_extension where extname = 'citus') as on`.execute(db);
  return r.rows[0]?.on === true;
}

async function requireCitus(db: Db): Promise<void> {
  if (!(await isCitus(db))) throw new UserError(`${NOT_CITUS}.`, 400);
}

/** "host:port" of each distributed tenant schema's worker; empty on plain PostgreSQL. */
export async function tenantNodes(db: Db, schemas?: string[]): Promise<Map<string, string>> {
  if (!(await isCitus(db))) return new Map();
  const filter = schemas ? sql`where n.nspname = any(${schemas}::text[])` : sql``;
  const r = await sql<{ schema: string; node: string }>`
    select n.nspname::text as schema, nd.nodename || ':' || nd.nodeport as node ${sql.raw(SCHEMA_GROUP_FROM)}
    join pg_dist_node nd on nd.groupid = g.groupid and nd.noderole = 'primary'
    ${filter}`.execute(db);
  return new Map(r.rows.map((row) => [row.schema, row.node]));
}

/** The worker of each of these tenants (absent: not distributed), or null on plain PostgreSQL. */
export async function placementOf(db: Db, schemas: string[]): Promise<Record<string, string> | null> {
  if (!(await isCitus(db))) return null;
  return Object.fromEntries(await tenantNodes(db, schemas));
}

export interface WorkerNode {
  node: string;
  tenants: number;
  bytes: number;
}

/** Active workers with how many tenant schemas they hold and their size; throws on plain PostgreSQL. */
export async function listNodes(db: Db): Promise<WorkerNode[]> {
  await requireCitus(db);
  const workers = await activeWorkers(db);
  const placed = await tenantNodes(db);
  const sizes = await sql<{ node: string; bytes: string }>`
    select nodename || ':' || nodeport as node, sum(shard_size)::bigint as bytes
    from citus_shards where citus_table_type = 'schema' group by 1`.execute(db);
  const bytes = new Map(sizes.rows.map((r) => [r.node, Number(r.bytes)]));
  return workers.map((node) => ({
    node,
    tenants: [...placed.values()].filter((n) => n === node).length,
    bytes: bytes.get(node) ?? 0,
  }));
}

async function activeWorkers(db: Db): Promise<string[]> {
  const r = await sql<{ node: string }>`
    select node_name || ':' || node_port as node from citus_get_active_worker_nodes() order by node_name, node_port`.execute(db);
  return r.rows.map((row) => row.node);
}

/** "host:port" → parts; a one-line error otherwise. */
export function parseNode(input: string): { host: string; port: number; node: string } {
  const m = /^([A-Za-z0-9._-]{1,253}):(\d{1,5})$/.exec(input.trim());
  const port = m ? Number(m[2]) : 0;
  if (!m || port < 1 || port > 65535)
    throw new UserError(`'${input}' is not a node: expected HOST:PORT, e.g. localhost:5433.`, 400, 'node');
  return { host: m[1], port, node: `${m[1]}:${port}` };
}

export interface MoveResult {
  schema: string;
  from: string;
  to: string;
  bytes: number;
  ms: number;
}

/** Checks everything a move needs and says in one sentence what is wrong; changes nothing. */
export async function planMove(
  db: Db,
  schema: string,
  nodeInput: string,
): Promise<{ from: string; to: { host: string; port: number; node: string } }> {
  const to = parseNode(nodeInput);
  await requireCitus(db);
  const tenant = await db.selectFrom('public.tenants').select('id').where('schema_name', '=', schema).executeTakeFirst();
  if (!tenant) throw new UserError(`There is no tenant with schema '${schema}'.`, 404, 'schema');
  const from = (await tenantNodes(db, [schema])).get(schema);
  if (!from) {
    throw new UserError(
      `Tenant '${schema}' is not distributed (not a Citus distributed schema with tables); it cannot be moved.`,
      409,
      'schema',
    );
  }
  const workers = await activeWorkers(db);
  if (!workers.includes(to.node))
    throw new UserError(`${to.node} is not an active Citus worker (workers: ${workers.join(', ')}).`, 400, 'node');
  if (from === to.node) throw new UserError(`Tenant '${schema}' is already on ${to.node}.`, 409, 'node');
  return { from, to };
}

/** Total size of a distributed schema's tables (all placements of its one shard group). */
async function schemaBytes(db: Db, schema: string): Promise<number> {
  const r = await sql<{ bytes: string }>`
    select coalesce(sum(citus_total_relation_size(dp.logicalrelid)), 0)::bigint as bytes
    from pg_dist_partition dp join pg_class c on c.oid = dp.logicalrelid join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = ${schema}`.execute(db);
  return Number(r.rows[0]?.bytes ?? 0);
}

/** Moves a tenant's schema to another worker online (citus_schema_move, TRANSFER_MODE). */
export async function moveTenant(db: Db, schema: string, nodeInput: string): Promise<MoveResult> {
  const { from, to } = await planMove(db, schema, nodeInput);
  const bytes = await schemaBytes(db, schema);
  const started = performance.now();
  await sql`select citus_schema_move(${schema}::regnamespace, ${to.host}, ${to.port}, shard_transfer_mode => ${sql.lit(TRANSFER_MODE)})`.execute(
    db,
  );
  return { schema, from, to: to.node, bytes, ms: performance.now() - started };
}

export interface PlannedMove {
  schema: string;
  from: string;
  to: string;
  bytes: number;
}

/** Spreads tenant schemas evenly over the workers with Citus' rebalancer; returns the moves it made. */
export async function rebalanceTenants(db: Db): Promise<{ moves: PlannedMove[]; ms: number }> {
  await requireCitus(db);
  const started = performance.now();
  // threshold 0: as even as the rebalance strategy allows (it raises 0 to its minimum, 1%); the
  // default 10% leaves e.g. 33/27 tenants as "balanced". The plan names tables; a schema moves as
  // one shard group.
  const plan = await sql<{ schema: string; from: string; to: string }>`
    select distinct n.nspname::text as schema, p.sourcename || ':' || p.sourceport as from, p.targetname || ':' || p.targetport as to
    from get_rebalance_table_shards_plan(threshold => 0) p
    join pg_class c on c.oid = p.table_name join pg_namespace n on n.oid = c.relnamespace
    order by 1`.execute(db);
  const moves: PlannedMove[] = [];
  for (const r of plan.rows) moves.push({ ...r, bytes: await schemaBytes(db, r.schema) });
  if (moves.length > 0) {
    await sql`select rebalance_table_shards(threshold => 0, shard_transfer_mode => ${sql.lit(TRANSFER_MODE)})`.execute(db);
  }
  return { moves, ms: performance.now() - started };
}

export interface TenantActivity {
  schema: string;
  node: string;
  queries: number;
  queriesLastPeriod: number;
  cpuSeconds: number;
  cpuSecondsLastPeriod: number;
}

/**
 * Per-tenant query counts and CPU from citus_stat_tenants (needs citus.stat_tenants_track = 'all'
 * and read access, see README). Empty on plain PostgreSQL; null when Citus refuses to show it.
 */
export async function tenantActivity(db: Db, limit = 20): Promise<TenantActivity[] | null> {
  if (!(await isCitus(db))) return [];
  try {
    const r = await sql<{ schema: string; node: string; q: number; ql: number; cpu: number; cpul: number }>`
      select s.tenant_attribute as schema, nd.nodename || ':' || nd.nodeport as node,
             s.query_count_in_this_period as q, s.query_count_in_last_period as ql,
             s.cpu_usage_in_this_period as cpu, s.cpu_usage_in_last_period as cpul
      from citus_stat_tenants s join pg_dist_node nd on nd.nodeid = s.nodeid
      order by s.cpu_usage_in_this_period + s.cpu_usage_in_last_period desc, s.query_count_in_this_period desc
      limit ${limit}`.execute(db);
    return r.rows.map((row) => ({
      schema: row.schema,
      node: row.node,
      queries: row.q,
      queriesLastPeriod: row.ql,
      cpuSeconds: row.cpu,
      cpuSecondsLastPeriod: row.cpul,
    }));
  } catch (err) {
    // 42501: the role may not read it (a superuser grants it, see README).
    if ((err as { code?: string }).code === '42501') return null;
    throw err;
  }
}
