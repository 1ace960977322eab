import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { log } from '@/lib/infra/log';
import type { PublicDatabase } from './schema';
import { nodePlacement, type NodePlacement } from './node-slots';
import { installTimestampParsers } from './timestamps';
import {
  databaseAffinity,
  databaseAffinityBy,
  databaseUrl,
  dbConnectTimeoutMs,
  dbDirectMaxUses,
  dbDirectPoolMax,
  dbPoolMax,
  directDatabaseUrl,
} from '@/lib/config/env';

// Two pools: request traffic goes through DATABASE_URL (PgBouncer, transaction pooling);
// DDL, migrations, provisioning and LISTEN use DIRECT_DATABASE_URL (session features survive there).

export function pooledUrl(): string {
  const url = databaseUrl();
  if (!url) throw new Error('DATABASE_URL is not set (npm run dev starts an embedded PostgreSQL and sets it).');
  return url;
}

export function directUrl(): string {
  return directDatabaseUrl() || pooledUrl();
}

// DATE columns stay 'YYYY-MM-DD' strings: no time-zone shifts on paid_until.
pg.types.setTypeParser(1082, (v: string) => v);
// timestamp(tz) columns: the same Dates as pg's parser makes, made cheaper (./timestamps.ts).
installTimestampParsers();

function makePool(connectionString: string, max: number, name: string, maxUses?: number): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max,
    ...(maxUses ? { maxUses } : {}),
    // Fail fast while the database is away so requests get a 503, not a hang.
    connectionTimeoutMillis: dbConnectTimeoutMs(),
    idleTimeoutMillis: 30_000,
    application_name: `quorum-${name}`,
  });
  // An idle client whose server went away emits 'error' on the pool; without a listener the process dies.
  pool.on('error', (err) => log.warn({ err: err.message, pool: name }, 'idle database client failed'));
  // A checked-out client whose server dies also emits 'error'; the query in flight rejects on its
  // own, so a listener is all that is needed to keep the process alive.
  pool.on('connect', (client) => {
    client.on('error', (err) => log.warn({ err: err.message, pool: name }, 'database client failed'));
  });
  return pool;
}

interface Pools {
  pooled?: { url: string; pool: pg.Pool; db: Kysely<PublicDatabase> };
  direct?: { url: string; pool: pg.Pool; db: Kysely<PublicDatabase> };
  /** Tenant affinity (DATABASE_AFFINITY): one pool per PgBouncer database alias. */
  affinity?: { key: string; pools: pg.Pool[] };
}

// Kept on globalThis so Next's dev reloads do not open a new pool per edit.
const g = globalThis as unknown as { __quorumPools?: Pools };
const pools: Pools = (g.__quorumPools ??= {});

/**
 * The pg pool under one of the two Kysely handles above (undefined for any other handle).
 * Looked up in the global registry, not a module-level map: Next bundles this module more than
 * once (route handlers, server components) and the pools are shared through globalThis.
 */
export function pgPoolOf(db: object): pg.Pool | undefined {
  for (const entry of [pools.pooled, pools.direct]) if (entry && entry.db === db) return entry.pool;
  return undefined;
}

function get(kind: 'pooled' | 'direct') {
  const url = kind === 'pooled' ? pooledUrl() : directUrl();
  const current = pools[kind];
  if (current && current.url === url) return current;
  const max = kind === 'pooled' ? dbPoolMax() : dbDirectPoolMax();
  // A direct connection that walks thousands of tenant schemas (seeding, migrating, provisioning)
  // keeps per-backend caches of every one (relcache, RI-check plans) and every later DDL
  // invalidation walks them all: seeding 2,000 tenants ran 2x slower on one long-lived backend.
  // Recycle direct connections after DB_DIRECT_MAX_USES checkouts (0 = never). PgBouncer's
  // server_lifetime does the same for the pooled side.
  const maxUses = kind === 'direct' ? dbDirectMaxUses() : 0;
  const pool = makePool(url, max, kind, maxUses);
  const db = new Kysely<PublicDatabase>({ dialect: new PostgresDialect({ pool }) });
  const entry = { url, pool, db };
  pools[kind] = entry;
  return entry;
}

/** Kysely over the pooled connection (PgBouncer): request traffic. */
export function pooledDb(): Kysely<PublicDatabase> {
  return get('pooled').db;
}

/** Kysely over the direct connection: DDL, migrations, provisioning. */
export function directDb(): Kysely<PublicDatabase> {
  return get('direct').db;
}

/** True for the pool behind directDb(): the owner's tools (migrations, provisioning, exec). */
export function isDirectPgPool(pool: pg.Pool): boolean {
  return pools.direct?.pool === pool;
}

/** The pools this process has opened, by name (none is opened here): for the metrics, read at scrape time. */
export function openPgPools(): { name: string; pool: pg.Pool }[] {
  const open: { name: string; pool: pg.Pool }[] = [];
  if (pools.pooled) open.push({ name: 'pooled', pool: pools.pooled.pool });
  if (pools.direct) open.push({ name: 'direct', pool: pools.direct.pool });
  for (const [i, pool] of (pools.affinity?.pools ?? []).entries()) open.push({ name: `affinity-${i}`, pool });
  return open;
}

export function pooledPgPool(): pg.Pool {
  return get('pooled').pool;
}

/**
 * DATABASE_AFFINITY: names of PgBouncer databases that are aliases of DATABASE_URL's database
 * (pgbouncer.ini: `quorum_a0 = host=… dbname=quorum pool_size=2`, …). Empty (the default) = off.
 * Names are checked: they go into a URL.
 */
export function affinityDatabases(): string[] {
  const raw = databaseAffinity();
  if (!raw) return [];
  const names = raw.split(',').map((n) => n.trim());
  for (const n of names)
    if (!/^[A-Za-z_][A-Za-z0-9_-]{0,62}$/.test(n)) throw new Error(`DATABASE_AFFINITY: '${n}' is not a database name.`);
  return names;
}

/** FNV-1a, 32 bits: a stable spread of schema names over the aliases (the same in every worker). */
export function affinityIndex(schema: string, n: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < schema.length; i++) h = Math.imul(h ^ schema.charCodeAt(i), 0x01000193);
  return (h >>> 0) % n;
}

/**
 * DATABASE_AFFINITY_BY=node: the alias of a tenant on worker `slot` of `workers`, of `n` aliases.
 * One alias per worker when n ≤ workers (workers beyond n share, slot mod n). With more aliases,
 * each worker gets floor(n / workers) of them (slot, slot + workers, slot + 2 × workers, …) and its
 * tenants are spread over those by the hash of the name, as without a worker to go by.
 */
export function nodeAliasIndex(schema: string, placed: NodePlacement, n: number): number {
  const workers = Math.max(1, placed.workers);
  if (n <= workers) return placed.slot % n;
  return placed.slot + workers * affinityIndex(schema, Math.floor(n / workers));
}

/**
 * The pool for this tenant's transactions. Without DATABASE_AFFINITY, the pooled pool. With it,
 * a pool on the alias the schema hashes to: each PgBouncer server connection then serves 1/K of
 * the tenants, so a backend's catalog cache (~70 KB per schema it has queried) holds N/K schemas
 * instead of N and stays warm (see bench/README.md, "Tenant affinity"). Everything that is not
 * tenant traffic (host lookups, login limits) stays on the pooled pool.
 */
export function tenantPgPool(schema: string): pg.Pool {
  const names = affinityDatabases();
  if (names.length === 0) return pooledPgPool();
  const base = pooledUrl();
  const key = `${base}\n${names.join(',')}`;
  if (pools.affinity?.key !== key) {
    const old = pools.affinity;
    const max = Math.max(2, Math.ceil(dbPoolMax() / names.length));
    pools.affinity = {
      key,
      pools: names.map((name) => {
        const url = new URL(base);
        url.pathname = `/${name}`;
        return makePool(url.toString(), max, `pooled-${name}`);
      }),
    };
    if (old) void Promise.all(old.pools.map((p) => p.end()));
  }
  const n = names.length;
  const placed = databaseAffinityBy() === 'node' ? nodePlacement(schema, pooledPgPool()) : undefined;
  return pools.affinity.pools[placed ? nodeAliasIndex(schema, placed, n) : affinityIndex(schema, n)];
}

export async function closePools(): Promise<void> {
  const entries = [pools.pooled, pools.direct];
  const affinity = pools.affinity?.pools ?? [];
  pools.pooled = undefined;
  pools.direct = undefined;
  pools.affinity = undefined;
  await Promise.all([...entries.map((e) => e?.db.destroy()), ...affinity.map((p) => p.end())]);
}

/** True for errors that mean "the database is unreachable right now" (→ 503). */
export function isUnavailableError(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null;
  if (!e) return false;
  const codes = [
    'ECONNREFUSED',
    'ECONNRESET',
    'ETIMEDOUT',
    'EPIPE',
    'EHOSTUNREACH',
    'ENETUNREACH',
    'ENOTFOUND',
    'EAI_AGAIN',
    // admin shutdown / crash shutdown / cannot connect now (starting up, shutting down, recovery)
    '57P01',
    '57P02',
    '57P03',
    // connection exceptions
    '08000',
    '08003',
    '08006',
    '08001',
    '08004',
    // PgBouncer reports its own failures as protocol_violation: "server login has been failing, try
    // again later (server_login_retry)" while PostgreSQL is down, "server conn crashed?" when the server
    // connection dies mid-transaction, query_wait_timeout, max_client_conn, "pgbouncer cannot connect to server".
    '08P01',
    // too_many_connections
    '53300',
  ];
  if (e.code && codes.includes(e.code)) return true;
  const m = e.message ?? '';
  return /timeout exceeded when trying to connect|Connection terminated|server closed the connection|client has encountered a connection error|not queryable|query_wait_timeout|no more connections allowed|server login has been failing|server conn crashed|pgbouncer cannot connect|database system is (starting up|shutting down|in recovery mode|not yet accepting connections)/i.test(
    m,
  );
}
