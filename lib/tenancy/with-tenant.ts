import { Kysely, PostgresDialect, type Compilable, type CompiledQuery } from 'kysely';
import type pg from 'pg';
import { isDirectPgPool, pgPoolOf, tenantPgPool } from '@/lib/infra/db/pool';
import { prefixedQuery, type PrefixStatement } from '@/lib/infra/db/prefixed-query';
import type { TenantDatabase } from '@/lib/infra/db/schema';
import {
  atTheDoor,
  busyRefusal,
  enterFairShare,
  holdingTenant,
  isQueryDeadline,
  noteRefusal,
  waitsAtTheDoor,
  type Release,
} from './fair-share';
import { countDbTime, countRefused } from './usage';
import { tenantContextStatement } from './schema-ops';
import { poolSwitchesRole, tenantRoleName } from './tenant-roles';
import { DEFAULT_STATEMENT_TIMEOUT_MS, dbDeadlineGraceMs, statementTimeoutSetting } from '@/lib/config/env';
import { endTenantSpan, tenantSpan } from './tracing';
import { preparedCompiler } from './prepared';

/** A kysely handle whose every query runs in one tenant's schema, inside one transaction. */
export type TenantDb = Kysely<TenantDatabase>;

export interface TenantRef {
  schema: string;
  /** This tenant's statement_timeout (ms; 0 = none); null/absent = the default (QUORUM_STATEMENT_TIMEOUT_MS, 1.9 s). */
  statementTimeoutMs?: number | null;
  /** This tenant's K (transactions at a time per process, lib/tenancy/fair-share.ts); null/absent = the default. */
  maxConcurrency?: number | null;
}

export function defaultStatementTimeoutMs(): number {
  const v = statementTimeoutSetting();
  return Number.isFinite(v) && v >= 0 ? v : DEFAULT_STATEMENT_TIMEOUT_MS;
}

/**
 * The context statement for a transaction of `tenant` on `pool`: search_path, statement_timeout
 * (SET LOCAL: a role's own settings are not applied by SET ROLE) and, in two-role mode on the
 * request pool, the tenant's role.
 */
function contextFor(tenant: TenantRef, pool: pg.Pool): PrefixStatement {
  // The owner's tools on the direct connection (exec, seeding, clone's data copy) are not tenant
  // traffic: no request limit for them unless the caller names one.
  const tool = isDirectPgPool(pool);
  return tenantContextStatement(tenant.schema, {
    role: poolSwitchesRole(pool) ? tenantRoleName(tenant.schema) : null,
    statementTimeoutMs: tenant.statementTimeoutMs ?? (tool ? null : defaultStatementTimeoutMs()),
  });
}

const BEGIN: PrefixStatement = { text: 'begin', values: [] };
const NO_PREFIX: PrefixStatement[] = [];

/**
 * The least statement timeout a transaction that queued is left with (ms): with the longest queue
 * wait (QUORUM_TENANT_QUEUE_MS, 1.5 s) the two add up to the default timeout, 1.9 s.
 */
const LEAST_TIMEOUT_AFTER_WAIT_MS = 400;

/**
 * The limits of a transaction that waited `waitedMs` for its fair-share slot and its connection:
 * its statement timeout counts from when the work asked to run, not from when it got in, so a
 * tenant whose node hangs is answered within about its timeout even while its requests queue
 * (default 1.9 s: queue wait ≤ 1.5 s, then what is left, never under LEAST_TIMEOUT_AFTER_WAIT_MS).
 * No wait, no timeout or the owner's tools: unchanged.
 */
function afterWait(tenant: TenantRef, pool: pg.Pool, waitedMs: number): TenantRef {
  if (waitedMs < 1 || isDirectPgPool(pool)) return tenant;
  const timeout = tenant.statementTimeoutMs ?? defaultStatementTimeoutMs();
  if (!timeout) return tenant;
  const left = Math.max(Math.min(timeout, LEAST_TIMEOUT_AFTER_WAIT_MS), Math.round(timeout - waitedMs));
  return left === timeout ? tenant : { ...tenant, statementTimeoutMs: left };
}

/**
 * Fail fast on a sick node (issue 21, part 4): a client-side deadline on every statement of tenant
 * request traffic, its statement_timeout + QUORUM_DB_DEADLINE_GRACE_MS (default 1000). A server
 * that cannot even act on its statement_timeout (a hung Citus worker, a stopped backend) is given
 * up on then: the statement rejects, the connection is destroyed (PgBouncer drops its server side)
 * and the request gets a 503. None for the owner's tools or without a statement timeout.
 */
function deadlineFor(tenant: TenantRef, pool: pg.Pool): number | undefined {
  if (isDirectPgPool(pool)) return undefined;
  const timeout = tenant.statementTimeoutMs ?? defaultStatementTimeoutMs();
  if (!timeout) return undefined;
  const grace = dbDeadlineGraceMs();
  return timeout + (Number.isFinite(grace) && grace >= 0 ? grace : 1000);
}

/**
 * Runs `fn` in one transaction whose search_path is the tenant's schema and nothing else.
 * The setting is transaction-local (set_config(..., true)), so it ends with COMMIT/ROLLBACK
 * and can never leak to the next client of a PgBouncer server connection.
 * BEGIN and the setting travel with the first statement (see leasedDb): a read of one query
 * costs two round trips (the batch, COMMIT) instead of three.
 *
 * `base` is the connection to use: the pooled one by default (PgBouncer), `directDb()` for DDL
 * and tools (either of the two kysely handles of lib/infra/db/pool), or any pg.Pool. BEGIN/COMMIT/ROLLBACK go straight to the pg client that was
 * checked out (no query builder around them: they are a third of a simple read's cost), and
 * `fn` gets a kysely handle bound to that one client for as long as the transaction lasts; used
 * after that, the handle throws instead of running on a client that is back in the pool.
 *
 * Traced (issue 25, part 2): a child span `withTenant` of the request's span, when there is one.
 */
export function withTenant<T>(
  tenant: TenantRef,
  fn: (db: TenantDb) => Promise<T>,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  base?: Kysely<any> | pg.Pool,
): Promise<T> {
  const span = tenantSpan('withTenant', tenant.schema);
  const run = runWithTenant(tenant, fn, base);
  return span ? endTenantSpan(span, run) : run;
}

async function runWithTenant<T>(
  tenant: TenantRef,
  fn: (db: TenantDb) => Promise<T>,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  base: Kysely<any> | pg.Pool = tenantPgPool(tenant.schema),
): Promise<T> {
  // Duck-typed, not instanceof: Next may load kysely more than once (one copy per bundle layer).
  const pool = isPgPool(base) ? base : pgPoolOf(base);
  if (!pool) throw new Error('withTenant: base must be pooledDb(), directDb() or a pg.Pool.');
  const asked = performance.now();
  const release = await fairShare(tenant, pool);
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (err) {
    release();
    throw err;
  }
  const held = performance.now();
  const limits = afterWait(tenant, pool, held - asked);
  const lease: Lease = { client, begun: false, context: contextFor(limits, pool), deadline: deadlineFor(limits, pool) };
  let broken: Error | undefined;
  // A client whose server is still busy goes back to the pool only once it is idle (see stillBusy).
  let settling: Promise<Error | undefined> | undefined;
  try {
    const result = await holdingTenant(tenant.schema, () => fn(leasedDb(lease)));
    // A callback that ran no statement opened no transaction: nothing to commit.
    if (lease.begun) await client.query(withDeadline('commit', lease.deadline));
    return result;
  } catch (err) {
    // A statement past its deadline left the connection busy: destroy it, no rollback to wait for.
    if (isQueryDeadline(err)) broken = err as Error;
    // begun is set before the first statement is sent: if BEGIN ran and what followed failed, the
    // block is open (and aborted) and must be rolled back before the client goes back to the pool.
    // A connection in an unknown state (the rollback failed or ran out of time) is destroyed rather
    // than handed to the next request.
    else if (lease.begun) {
      const rollback = client.query(withDeadline('rollback', lease.deadline)).then(
        () => undefined,
        (rollbackErr: Error) => rollbackErr,
      );
      // The server has not finished the failed statement yet: answer now, roll back behind it.
      if (stillBusy(client)) settling = rollback;
      else broken = await rollback;
    } else if (stillBusy(client)) settling = whenIdle(client, lease.deadline);
    refusal(tenant, pool, err);
    throw err;
  } finally {
    lease.client = null;
    if (settling) void settling.then((why) => leaseEnded(client, release, pool, tenant.schema, held, why));
    else leaseEnded(client, release, pool, tenant.schema, held, broken);
  }
}

/**
 * A tenant transaction's or statement's connection goes back (or is destroyed: `why`), its fair-share
 * slot is freed and its database time counted. A function of its own, not a closure per call: under
 * tsx every named closure costs a defineProperty of its name each time it is made.
 */
function leaseEnded(client: pg.PoolClient, release: Release, pool: pg.Pool, schema: string, held: number, why: Error | undefined): void {
  client.release(why);
  release();
  if (!isDirectPgPool(pool)) countDbTime(schema, performance.now() - held);
}

/**
 * pg calls a failed query back on the server's ErrorResponse, before its ReadyForQuery. A server
 * that has not sent that yet is still busy — a Citus coordinator whose statement timed out waits
 * for a hung worker while it aborts — and a client on it must not go back to the pool yet: the
 * next request, of any tenant, would queue its statement behind that abort until its own deadline.
 * Such a client is given back once its server is idle (whenIdle, or the rollback queued behind the
 * failed statement), or destroyed if that takes longer than the statements' deadline. Destroying
 * it at once would cost every failed statement (a 409's unique violation) a new server connection.
 */
function stillBusy(client: pg.PoolClient): boolean {
  return (client as unknown as { readyForQuery?: boolean }).readyForQuery === false;
}

/** Resolves when `client`'s server is ready for a query again (undefined), or with an Error after `deadline` ms. */
function whenIdle(client: pg.PoolClient, deadline: number | undefined): Promise<Error | undefined> {
  if (!stillBusy(client)) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const finish = (why: Error | undefined) => {
      clearTimeout(timer);
      client.removeListener('drain', onDrain);
      client.removeListener('error', onError);
      resolve(why);
    };
    const onDrain = () => finish(undefined);
    const onError = (err: Error) => finish(err);
    const timer = setTimeout(() => finish(new Error('the server did not finish a failed statement in time')), deadline ?? 5000);
    // pg emits 'drain' once ReadyForQuery arrived and nothing else is queued on the client.
    client.on('drain', onDrain);
    client.on('error', onError);
  });
}

/** COMMIT/ROLLBACK under the statements' client-side deadline: a sick node must not hold them forever. */
function withDeadline(text: string, deadline: number | undefined): pg.QueryConfig {
  return deadline ? ({ text, query_timeout: deadline } as pg.QueryConfig) : { text };
}

/**
 * The fair share at the door (lib/http/request-gate.ts): null when a request of `tenant` goes in at
 * once (the usual case: one map lookup); otherwise its slot, when its turn comes, for the whole
 * request (see waitsAtTheDoor), paced (atTheDoor). Rejects, counted in the tenant's usage, with the
 * fair share's refusal (→ 503). The request runs under heldForRequest and calls the release once
 * answered.
 */
export function doorSlot(tenant: TenantRef, pool: pg.Pool = tenantPgPool(tenant.schema)): Promise<Release> | null {
  if (!waitsAtTheDoor(pool, tenant.schema)) return null;
  const slot = fairShare(tenant, pool);
  return typeof slot === 'function' ? Promise.resolve(atTheDoor(slot)) : slot.then(atTheDoor);
}

/** Runs a request that holds its tenant's slot from the door: its transactions take none of their own. */
export function heldForRequest<T>(tenant: TenantRef, fn: () => T): T {
  return holdingTenant(tenant.schema, fn);
}

/** The fair share's slot for one transaction (lib/tenancy/fair-share.ts); the owner's tools on the direct pool take none. */
function fairShare(tenant: TenantRef, pool: pg.Pool): Release | Promise<Release> {
  if (isDirectPgPool(pool)) return noop;
  const slot = enterFairShare(pool, tenant.schema, tenant.maxConcurrency);
  // A refusal (queue full, wait over) counts in the tenant's usage.
  return typeof slot === 'function' ? slot : slot.catch((err: unknown) => Promise.reject(refusal(tenant, pool, err)));
}

/**
 * Tenant work failed: the request's refusal scope learns of a 503 refusal (fair share, statement
 * timeout, deadline), and the tenant's usage counts it (request traffic only). Returns `err`.
 */
function refusal(tenant: TenantRef, pool: pg.Pool, err: unknown): unknown {
  noteRefusal(err);
  if (!isDirectPgPool(pool) && busyRefusal(err)) countRefused(tenant.schema, err);
  return err;
}
const noop: Release = () => undefined;

function isPgPool(x: object): x is pg.Pool {
  return typeof (x as { connect?: unknown }).connect === 'function' && typeof (x as { totalCount?: unknown }).totalCount === 'number';
}

interface Lease {
  client: pg.PoolClient | null;
  /** BEGIN + set_config have been sent (with the first statement, or on their own). */
  begun: boolean;
  /** The tenant's set_config statement. */
  context: PrefixStatement;
  /** Client-side deadline of each statement (ms), see deadlineFor. */
  deadline: number | undefined;
}

/**
 * A kysely handle over one checked-out client. kysely "acquires" and "releases" it around every
 * query; both are no-ops here: the client belongs to withTenant until the lease ends.
 *
 * The first statement carries the transaction with it: BEGIN and set_config travel in the same
 * extended-protocol batch as the statement (one round trip instead of two). That needs a single
 * parameterised statement (what kysely's builders produce); a first statement without parameters
 * (raw SQL, possibly several commands) gets BEGIN in a round trip of its own.
 */
function leasedDb(lease: Lease): TenantDb {
  const handle = {
    query: async (text: unknown, values?: unknown[]) => {
      const client = lease.client;
      if (!client) throw new Error('withTenant: the tenant transaction has ended; this database handle can no longer be used.');
      if (typeof text !== 'string') throw new Error('withTenant: only text queries are supported.');
      // A builder's statement (parameters: one command) goes through prefixedQuery (its rows read by
      // the row reader), with BEGIN and the context in front when it is the transaction's first.
      const builder = values !== undefined && values.length > 0;
      let prefix = NO_PREFIX;
      if (!lease.begun) {
        lease.begun = true;
        if (builder) prefix = [BEGIN, lease.context];
        else await prefixedQuery(client, [BEGIN], lease.context.text, lease.context.values, lease.deadline);
      }
      if (builder) return prefixedQuery(client, prefix, text, values, lease.deadline);
      return lease.deadline ? client.query({ text, values, query_timeout: lease.deadline } as pg.QueryConfig) : client.query(text, values);
    },
    release: () => undefined,
  };
  const pool = { connect: async () => handle, end: async () => undefined };
  return new Kysely<TenantDatabase>({ dialect: new PostgresDialect({ pool: pool as unknown as pg.Pool }) });
}

// Builds queries for tenantStatement; it has no connection, so a query cannot run through it by mistake.
const compileOnly = new Kysely<TenantDatabase>({
  dialect: new PostgresDialect({
    pool: {
      connect: async () => {
        throw new Error('tenantStatement: return the query from the callback; do not execute it there.');
      },
      end: async () => undefined,
    } as unknown as pg.Pool,
  }),
});

/**
 * ONE statement in the tenant's schema, in ONE round trip: `set_config('search_path', …, true)`
 * and the statement go in one extended-protocol batch, which PostgreSQL runs as one (implicit)
 * transaction ending at the batch's Sync — so the setting is transaction-scoped exactly as in
 * withTenant and ends before PgBouncer hands the server connection to anyone else. For reads
 * that are a single query (the polls list, one poll); anything with several statements, or
 * that must be atomic with a read, uses withTenant.
 */
export async function tenantStatement<R>(
  tenant: TenantRef,
  build: (db: TenantDb) => Compilable<R>,
  base: pg.Pool = tenantPgPool(tenant.schema),
): Promise<R[]> {
  return tenantCompiledStatement(tenant, build(compileOnly).compile(), base);
}

/**
 * tenantStatement for a builder with arguments, compiled once per shape of its arguments (see
 * ./prepared.ts) instead of built and compiled on every call: for the reads every request makes
 * (the polls list and one poll in the JSON API and on pages, the signed-in user). A builder that
 * computes with an argument instead of handing it to SQL still works, compiled per call.
 */
export function preparedTenantQuery<A, R>(
  build: (db: TenantDb, args: A) => Compilable<R>,
): (tenant: TenantRef, args: A, base?: pg.Pool) => Promise<R[]> {
  const compile = preparedCompiler((args: A) => build(compileOnly, args));
  return (tenant, args, base = tenantPgPool(tenant.schema)) => tenantCompiledStatement(tenant, compile(args), base);
}

/** tenantStatement for an already compiled query; traced as a child span `tenantStatement` of the request's span. */
function tenantCompiledStatement<R>(tenant: TenantRef, compiled: CompiledQuery<R>, base?: pg.Pool): Promise<R[]> {
  const span = tenantSpan('tenantStatement', tenant.schema);
  const run = runCompiledStatement(tenant, compiled, base);
  return span ? endTenantSpan(span, run) : run;
}

async function runCompiledStatement<R>(
  tenant: TenantRef,
  compiled: CompiledQuery<R>,
  base: pg.Pool = tenantPgPool(tenant.schema),
): Promise<R[]> {
  const asked = performance.now();
  const release = await fairShare(tenant, base);
  let client: pg.PoolClient;
  try {
    client = await base.connect();
  } catch (err) {
    release();
    throw err;
  }
  const held = performance.now();
  const limits = afterWait(tenant, base, held - asked);
  const context = contextFor(limits, base);
  const deadline = deadlineFor(limits, base);
  let broken: Error | undefined;
  let settling: Promise<Error | undefined> | undefined;
  try {
    // A client whose connection broke is not queryable any more, and pg-pool drops it on release.
    return (await prefixedQuery(client, [context], compiled.sql, compiled.parameters, deadline)).rows as R[];
  } catch (err) {
    if (isQueryDeadline(err)) broken = err as Error;
    else if (stillBusy(client)) settling = whenIdle(client, deadline);
    refusal(tenant, base, err);
    throw err;
  } finally {
    if (settling) void settling.then((why) => leaseEnded(client, release, base, tenant.schema, held, why));
    else leaseEnded(client, release, base, tenant.schema, held, broken);
  }
}
