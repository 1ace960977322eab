import type pg from 'pg';
import { log } from '@/lib/infra/log';
import { NativeDate } from '@/lib/infra/native-date';

// DATABASE_AFFINITY_BY=node (issue 21, part 4): on Citus, the tenants of one worker share one
// PgBouncer alias, and so one set of coordinator backends. A worker that hangs then only spoils
// the backends of its own tenants: the coordinator backend whose statement to the hung worker
// runs into statement_timeout blocks in its cancel request to that worker (libpq's PQcancel waits
// for an answer the stopped worker never sends), the client-side deadline gives it up, PgBouncer
// opens a fresh backend in its place, and a fresh backend's first query to a worker costs ~40 ms
// of connection set-up (bench/README.md). With one shared pool those fresh backends served the
// healthy worker's tenants too; with a pool per worker they never do.
//
// The schema → worker map is read from the coordinator's catalog (no worker is asked) at most
// every REFRESH_MS, in the background: until it is loaded, and for a schema it does not list (not
// distributed, or created since), the caller falls back to the hash of the name. A tenant moved
// to another worker goes through its old worker's alias until the next read: still correct (the
// aliases are one database), only not isolated for those seconds.

const REFRESH_MS = 10_000;
/** The catalog read must not wait long: it runs in the background of request traffic. */
const READ_TIMEOUT_MS = 2_000;

/**
 * The FROM part that gives each distributed tenant schema (`n`) the group of its worker
 * (`g.groupid`): one schema = one colocation group = one worker. Shared with lib/platform/placement.ts.
 */
export const SCHEMA_GROUP_FROM = `
  from pg_dist_schema ds
  join pg_namespace n on n.oid = ds.schemaid
  join lateral (
    select pl.groupid from pg_dist_partition dp
    join pg_dist_shard sh on sh.logicalrelid = dp.logicalrelid
    join pg_dist_placement pl on pl.shardid = sh.shardid
    where dp.colocationid = ds.colocationid limit 1
  ) g on true`;

// Each distributed tenant schema with the position of its worker's group among the primary
// worker groups (0, 1, …, in groupid order, so every server process numbers the workers alike),
// and how many worker groups there are.
const SLOTS_SQL = `
  select n.nspname::text as schema, w.slot, w.workers ${SCHEMA_GROUP_FROM}
  join (
    select groupid, (row_number() over (order by groupid))::int - 1 as slot, (count(*) over ())::int as workers
    from (select distinct groupid from pg_dist_node where noderole = 'primary' and groupid > 0) x
  ) w on w.groupid = g.groupid`;

/** Where a tenant lives: its worker's slot (0-based) of `workers` worker groups. */
export interface NodePlacement {
  slot: number;
  workers: number;
}

interface NodeSlots {
  slots: Map<string, NodePlacement>;
  /** When the last read started (ms since the epoch); 0: never. */
  readAt: number;
  reading: boolean;
}

const g = globalThis as unknown as { __quorumNodeSlots?: NodeSlots };
const state: NodeSlots = (g.__quorumNodeSlots ??= { slots: new Map(), readAt: 0, reading: false });

/**
 * The worker of `schema` (its slot, 0-based and stable across processes), or undefined when not
 * known (yet): plain PostgreSQL, a schema that is not distributed, or the map not read yet. Starts
 * a background read of the map on `pool` when it is older than REFRESH_MS.
 */
export function nodePlacement(schema: string, pool: pg.Pool, now = NativeDate.now()): NodePlacement | undefined {
  if (!state.reading && now - state.readAt >= REFRESH_MS) {
    state.reading = true;
    state.readAt = now;
    void readSlots(pool).finally(() => {
      state.reading = false;
    });
  }
  return state.slots.get(schema);
}

async function readSlots(pool: pg.Pool): Promise<void> {
  try {
    const citus = await pool.query<{ on: boolean }>({
      text: "select to_regclass('pg_catalog.pg_dist_schema') is not null as on",
      query_timeout: READ_TIMEOUT_MS,
    } as pg.QueryConfig);
    if (!citus.rows[0]?.on) {
      state.slots = new Map();
      return;
    }
    const r = await pool.query<{ schema: string } & NodePlacement>({ text: SLOTS_SQL, query_timeout: READ_TIMEOUT_MS } as pg.QueryConfig);
    state.slots = new Map(r.rows.map((row) => [row.schema, { slot: row.slot, workers: row.workers }]));
  } catch (err) {
    // Keep the last map: a failed read (the database away) must not move every tenant's pool.
    log.warn(
      { err: err instanceof Error ? err.message : String(err) },
      'could not read the tenants’ Citus workers for DATABASE_AFFINITY_BY=node',
    );
  }
}

/** Tests: forget the map, so the next call reads it again. */
export function resetNodeSlots(): void {
  state.slots = new Map();
  state.readAt = 0;
}

/** Tests: resolves once the read in flight (if any) has finished. */
export async function nodeSlotsSettled(): Promise<void> {
  while (state.reading) await new Promise((r) => setTimeout(r, 10));
}
