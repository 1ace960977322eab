// The fair share of database work (issue 21, part 2): in each server process, at most K
// transactions of one tenant at a time on a pool, and at most the pool's size in all; work that
// has to wait is queued per tenant and served round-robin across tenants, so one tenant's long
// queue never delays another's; a wait is bounded, after which the caller gets a TenantBusyError
// (→ 503 + Retry-After + a sentence at the HTTP edge).
//
// withTenant and the tenant statements call enterFairShare() before they check a client out and
// the returned release() after they gave it back. A tenant over its share that takes most of a
// process's work while others are served also waits at the door, for a whole request, paced
// (waitsAtTheDoor, atTheDoor; lib/http/request-gate.ts). Under the caps with nobody waiting (the usual
// case) that is a few counter updates and two clock reads: no promise, no timer, no allocation
// beyond the closure.
// The caps are for sharing: a tenant alone (in this process, and in the others as far as it has
// heard: lib/entry/peer-tenants.ts) whose work moves may borrow slots past its K that nobody else
// asks for (mayBorrow), up to half of the pool.
//
// The state lives on globalThis: Next bundles this module more than once (route handlers, server
// components) and server.ts's lean path loads its own copy; the caps are per process, not per copy.
import { fairShareBorrowEnabled, fairShareDoorEnabled, fairShareEnabled, fairShareEnv, serverProcesses } from '@/lib/config/env';
import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import { tryAgainIn } from '@/lib/infra/format';

/** A tenant's share of database work in this process is used up and the wait ran out (→ 503). */
export class TenantBusyError extends Error {
  readonly status = 503;
  constructor(
    message: string,
    /** Seconds for the Retry-After header. */
    readonly retryAfterSeconds: number,
    readonly reason: 'queue-timeout' | 'queue-full' | 'statement-timeout',
  ) {
    super(message);
    this.name = 'TenantBusyError';
  }
}

export function isTenantBusyError(err: unknown): err is TenantBusyError {
  // Duck-typed as well: a copy of this module in another bundle has its own class.
  return err instanceof TenantBusyError || (err as { name?: unknown } | null)?.name === 'TenantBusyError';
}

export interface FairShareSettings {
  /** K: transactions of one tenant at a time per pool and process (the default; tenants may override). */
  perTenant: number;
  /** Longest wait in the queue, ms. */
  maxWaitMs: number;
  /** Longest queue of one tenant per pool; beyond it a request is refused at once. */
  maxQueue: number;
  /** Off (QUORUM_FAIR_SHARE=0): no caps at all. */
  enabled: boolean;
  /** Requests of a tenant over its share wait at the door while others are served (QUORUM_FAIR_SHARE_DOOR, on). */
  door: boolean;
  /** A tenant alone in the process may borrow slots past its default K (QUORUM_FAIR_SHARE_BORROW, on). */
  borrow: boolean;
}

function envInt(name: keyof ReturnType<typeof fairShareEnv>, fallback: number, min: number): number {
  const raw = fairShareEnv()[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  return Number.isInteger(n) && n >= min ? n : fallback;
}

/**
 * K by default: a quarter of the pool, shared out among the server processes (QUORUM_WORKERS),
 * at least 1 per process. With the default pool of 10 that is 2 in one process and 1 in each of
 * 2 to 4: one tenant then holds at most 2-4 of PgBouncer's server connections in all, so a tenant
 * whose work is stuck (its tables locked, its node hung) or heavy cannot occupy a small pool
 * (PgBouncer's default_pool_size 4 in the tests and benches) and starve the others.
 */
export function defaultPerTenant(poolMax: number, processes = serverProcesses()): number {
  return envInt('QUORUM_TENANT_CONCURRENCY', Math.max(1, Math.floor(poolMax / (4 * processes))), 1);
}

export function fairShareSettings(poolMax: number): FairShareSettings {
  return {
    perTenant: defaultPerTenant(poolMax),
    maxWaitMs: envInt('QUORUM_TENANT_QUEUE_MS', 1500, 0),
    maxQueue: envInt('QUORUM_TENANT_QUEUE_MAX', 200, 0),
    enabled: fairShareEnabled(),
    door: fairShareDoorEnabled(),
    borrow: fairShareBorrowEnabled(),
  };
}

interface Waiter {
  tenant: string;
  limit: number;
  /** limit is the default K (no override of the tenant's): it may borrow past it (mayBorrow). */
  borrows: boolean;
  resolve: (release: Release) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout | null;
  done: boolean;
}

interface Scheduler {
  /** The pool's size: transactions of all tenants at a time. */
  global: number;
  settings: FairShareSettings;
  running: number;
  /** Transactions running per tenant (entries removed at 0). */
  active: Map<string, number>;
  /** Waiting work per tenant (entries removed when empty). */
  queues: Map<string, Waiter[]>;
  /** Tenants with a queue, in round-robin order: the next one served is at the front. */
  ring: string[];
  /** Counters for usage (part 5) and tests. */
  stats: { admitted: number; queued: number; refused: number };
  /** Transactions admitted per tenant in this second and the one before (who takes what share). */
  shares: Shares;
}

interface Shares {
  /** When the current second began (performance.now(), ms). */
  start: number;
  now: Map<string, number>;
  nowTotal: number;
  before: Map<string, number>;
  beforeTotal: number;
  /** When a transaction of the tenant last ended within BORROW_QUICK_MS of its start (this window). */
  quick: Map<string, number>;
}

export type Release = () => void;

/** What the other server processes served lately (lib/entry/peer-tenants.ts), for mayBorrow. */
interface Elsewhere {
  /** Up to two tenants the other processes admitted work of in the last one to two seconds. */
  tenants: readonly string[];
  /** When this was heard (performance.now()). */
  at: number;
}

const g = globalThis as unknown as {
  __quorumFairShare?: {
    schedulers: WeakMap<pg.Pool, Scheduler>;
    holding: AsyncLocalStorage<Set<string>>;
    requests: AsyncLocalStorage<RefusalScope>;
    /** Tenant → when this process last admitted work of it (any pool); kept while there are other processes. */
    recent: Map<string, number>;
    /** null: this process is the only one (nothing to hear). */
    elsewhere: Elsewhere | null;
  };
};
const state = (g.__quorumFairShare ??= {
  schedulers: new WeakMap(),
  holding: new AsyncLocalStorage(),
  requests: new AsyncLocalStorage(),
  recent: new Map(),
  elsewhere: null,
});

function schedulerOf(pool: pg.Pool): Scheduler {
  let s = state.schedulers.get(pool);
  if (!s) {
    const max = (pool as unknown as { options?: { max?: number } }).options?.max ?? 10;
    s = {
      global: max,
      settings: fairShareSettings(max),
      running: 0,
      active: new Map(),
      queues: new Map(),
      ring: [],
      stats: { admitted: 0, queued: 0, refused: 0 },
      shares: { start: performance.now(), now: new Map(), nowTotal: 0, before: new Map(), beforeTotal: 0, quick: new Map() },
    };
    state.schedulers.set(pool, s);
  }
  return s;
}

const NOOP: Release = () => undefined;

/**
 * Waits for (or takes at once) a slot for one transaction of `tenant` on `pool`. Returns the
 * release function, synchronously when a slot was free and nobody of this tenant was waiting.
 * `limit` is the tenant's own K (tenants.max_concurrency), null/undefined = the default.
 * Work that already holds a slot of this tenant (a withTenant inside a withTenant callback) is not
 * counted again: it would otherwise wait for itself.
 */
export function enterFairShare(pool: pg.Pool, tenant: string, limit?: number | null): Release | Promise<Release> {
  const s = schedulerOf(pool);
  if (!s.settings.enabled) return NOOP;
  if (state.holding.getStore()?.has(tenant)) return NOOP;
  const own = !!limit && limit > 0;
  const k = own ? limit : s.settings.perTenant;
  const mine = s.active.get(tenant) ?? 0;
  // Fast path. While running < global no waiter is eligible (dispatch() would have served it), so
  // taking a free slot never jumps ahead of anyone who could have had it.
  if (s.running < s.global && !s.queues.has(tenant) && (mine < k || (!own && mayBorrow(s, tenant, mine)))) return admit(s, tenant);
  return wait(s, tenant, k, !own);
}

/** A transaction that ends within this (ms) of its start shows that its tenant's work moves. */
const BORROW_QUICK_MS = 50;
/** Borrowing needs such a transaction to have ended this recently (ms). */
const BORROW_FRESH_MS = 100;

/** Whether `m` (keyed by tenant) has nobody but `tenant`. */
const nobodyBut = (m: Map<string, unknown>, tenant: string) => m.size === 0 || (m.size === 1 && m.has(tenant));

/**
 * Whether a tenant at or past its default K (holding `mine` slots) may take one more slot that
 * nobody else asks for. All of:
 *   - it holds less than half of the pool;
 *   - it is alone in this process: nobody else holds a slot or waits for one, nobody else was
 *     admitted in the last one to two seconds;
 *   - it is alone in the other server processes too (they share its cores and PgBouncer's
 *     connections), as far as this process has heard (tenantsElsewhere, at most 1 s old);
 *   - its work moves: one of its transactions ended within 50 ms of its start in the last 100 ms.
 * K is for sharing: a tenant alone that runs one transaction at a time per process pays a round
 * trip of idle time for each, and its requests cost ~20 % more CPU for nothing (issue 22). What
 * stays bounded: once another tenant is served here or, heard within ~0.5 s, in another process,
 * the cap is K again for new work; a tenant whose work stops moving (its tables locked, its node
 * hung) stops borrowing within 100 ms, and what it borrowed before is at most half of the pool;
 * a tenant's own K set by the operator (tenants.max_concurrency) is never exceeded.
 */
function mayBorrow(s: Scheduler, tenant: string, mine: number): boolean {
  if (!s.settings.borrow || mine >= Math.floor(s.global / 2)) return false;
  if (!nobodyBut(s.active, tenant) || !nobodyBut(s.queues, tenant)) return false;
  const now = performance.now();
  const sh = currentShares(s.shares, now);
  if (!nobodyBut(sh.now, tenant) || !nobodyBut(sh.before, tenant)) return false;
  const quick = sh.quick.get(tenant);
  if (quick === undefined || now - quick >= BORROW_FRESH_MS) return false;
  const e = state.elsewhere;
  return e === null || (now - e.at < ELSEWHERE_FRESH_MS && e.tenants.every((t) => t === tenant));
}

/** What the other processes served is trusted for this long (ms); older, nobody borrows. */
const ELSEWHERE_FRESH_MS = 1000;
/** A process's own recent tenants (recentTenants) are those admitted this recently (ms). */
const RECENT_MS = 2 * 1000;

/**
 * Up to two tenants (their schemas) this process admitted work of in the last two seconds, on any
 * pool: what it tells the other server processes (lib/entry/peer-tenants.ts). Two are enough for
 * mayBorrow: a tenant is alone only if nobody but itself is among them.
 */
export function recentTenants(): string[] {
  const now = performance.now();
  const out: string[] = [];
  for (const [tenant, at] of state.recent) {
    if (now - at >= RECENT_MS) state.recent.delete(tenant);
    else if (out.length < 2) out.push(tenant);
  }
  return out;
}

/**
 * What the other server processes admitted lately (their recentTenants, combined), as just heard;
 * null: there are others, but nothing was heard from them yet (nobody borrows until then).
 */
export function tenantsElsewhere(tenants: readonly string[] | null): void {
  state.elsewhere = tenants ? { tenants, at: performance.now() } : { tenants: [], at: -Infinity };
}

/** Back to a process of its own (nothing to hear from others): for tests. */
export function forgetTenantsElsewhere(): void {
  state.elsewhere = null;
}

function admit(s: Scheduler, tenant: string): Release {
  const at = performance.now();
  const sh = currentShares(s.shares, at);
  sh.now.set(tenant, (sh.now.get(tenant) ?? 0) + 1);
  sh.nowTotal++;
  s.running++;
  s.active.set(tenant, (s.active.get(tenant) ?? 0) + 1);
  s.stats.admitted++;
  // Only read when there are other server processes to tell (recentTenants).
  if (state.elsewhere !== null) state.recent.set(tenant, at);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (s.settings.borrow) {
      const now = performance.now();
      if (now - at < BORROW_QUICK_MS) currentShares(s.shares, now).quick.set(tenant, now);
    }
    s.running--;
    const n = (s.active.get(tenant) ?? 1) - 1;
    if (n > 0) s.active.set(tenant, n);
    else s.active.delete(tenant);
    dispatch(s);
  };
}

function busy(s: Scheduler, reason: 'queue-timeout' | 'queue-full'): TenantBusyError {
  s.stats.refused++;
  const retry = Math.max(1, Math.ceil(s.settings.maxWaitMs / 1000));
  const err = new TenantBusyError(
    `This organisation is sending more work than its share of the database right now; ${tryAgainIn(retry)}.`,
    retry,
    reason,
  );
  noteRefusal(err);
  return err;
}

function wait(s: Scheduler, tenant: string, limit: number, borrows: boolean): Promise<Release> {
  let queue = s.queues.get(tenant);
  if ((queue?.length ?? 0) >= s.settings.maxQueue) return Promise.reject(busy(s, 'queue-full'));
  s.stats.queued++;
  return new Promise<Release>((resolve, reject) => {
    const w: Waiter = { tenant, limit, borrows, resolve, reject, timer: null, done: false };
    if (!queue) {
      queue = [];
      s.queues.set(tenant, queue);
      s.ring.push(tenant);
    }
    queue.push(w);
    w.timer = setTimeout(() => {
      if (w.done) return;
      w.done = true;
      removeWaiter(s, w);
      reject(busy(s, 'queue-timeout'));
    }, s.settings.maxWaitMs);
    w.timer.unref?.();
    // A slot may be free already (the tenant's own queue was only non-empty a moment ago).
    dispatch(s);
  });
}

function removeWaiter(s: Scheduler, w: Waiter): void {
  const q = s.queues.get(w.tenant);
  if (!q) return;
  const i = q.indexOf(w);
  if (i >= 0) q.splice(i, 1);
  if (q.length === 0) dropQueue(s, w.tenant);
}

function dropQueue(s: Scheduler, tenant: string): void {
  s.queues.delete(tenant);
  const i = s.ring.indexOf(tenant);
  if (i >= 0) s.ring.splice(i, 1);
}

/**
 * Serves waiters while the pool has room: tenants in ring order, one waiter per turn, skipping
 * tenants at their own cap; a served tenant goes to the back of the ring.
 */
function dispatch(s: Scheduler): void {
  while (s.running < s.global && s.ring.length > 0) {
    let served = false;
    for (let i = 0; i < s.ring.length; i++) {
      const tenant = s.ring[i];
      const q = s.queues.get(tenant)!;
      const head = q[0];
      const mine = s.active.get(tenant) ?? 0;
      if (mine >= head.limit && !(head.borrows && mayBorrow(s, tenant, mine))) continue;
      q.shift();
      s.ring.splice(i, 1);
      if (q.length > 0) s.ring.push(tenant);
      else s.queues.delete(tenant);
      head.done = true;
      if (head.timer) clearTimeout(head.timer);
      head.resolve(admit(s, tenant));
      served = true;
      break;
    }
    if (!served) return;
  }
}

const SHARE_WINDOW_MS = 1000;

/** The counts of admissions, rolled over to a new second when one has passed. */
function currentShares(sh: Shares, t = performance.now()): Shares {
  if (t - sh.start < SHARE_WINDOW_MS) return sh;
  // Two seconds or more without a transaction: nothing before counts.
  const lapsed = t - sh.start >= 2 * SHARE_WINDOW_MS;
  sh.before = lapsed ? new Map() : sh.now;
  sh.beforeTotal = lapsed ? 0 : sh.nowTotal;
  sh.now = new Map();
  sh.nowTotal = 0;
  sh.quick = new Map();
  sh.start = t;
  return sh;
}

/** The longest a slot stays held after its request at the door is answered, ms. */
const MAX_PACE_MS = 1000;

/**
 * Whether a new request of `tenant` waits for its share at the door (lib/http/request-gate.ts)
 * instead of going in: its work already queues for its share in this process, it took more than
 * half of this process's transactions in the last one to two seconds, and other tenants were
 * served meanwhile. Such a request waits before anything is spent on it, then holds its slot from
 * the door until it is answered and, paced, for as long again (atTheDoor): a tenant that floods
 * the server while others use it gets each of its slots at most half of the time, which leaves the
 * server's time to the others. Alone on the server, or sharing it evenly with other busy tenants,
 * a tenant is never held at the door, and its work takes every slot it can get.
 */
export function waitsAtTheDoor(pool: pg.Pool, tenant: string): boolean {
  const s = state.schedulers.get(pool);
  if (!s || !s.settings.door || !s.settings.enabled || !s.queues.has(tenant)) return false;
  const sh = currentShares(s.shares);
  const mine = (sh.now.get(tenant) ?? 0) + (sh.before.get(tenant) ?? 0);
  const all = sh.nowTotal + sh.beforeTotal;
  return all > mine && mine * 2 > all;
}

/**
 * The release of a slot taken at the door: once the request is answered (`release()` called), the
 * slot stays held for as long again as the request took (at most MAX_PACE_MS), then is given back.
 */
export function atTheDoor(release: Release): Release {
  const granted = performance.now();
  let done = false;
  return () => {
    if (done) return;
    done = true;
    const pace = Math.min(MAX_PACE_MS, performance.now() - granted);
    if (pace < 1) release();
    else setTimeout(release, pace).unref?.();
  };
}

/** Runs `fn` marked as holding a slot of `tenant` (see enterFairShare). */
export function holdingTenant<T>(tenant: string, fn: () => T): T {
  const held = state.holding.getStore();
  if (held?.has(tenant)) return fn();
  const next = new Set(held);
  next.add(tenant);
  return state.holding.run(next, fn);
}

/** This process's fair-share counters, per pool (tests, usage sampling). */
export function fairShareStats(pool: pg.Pool): {
  running: number;
  active: Record<string, number>;
  queued: Record<string, number>;
  stats: { admitted: number; queued: number; refused: number };
} {
  const s = schedulerOf(pool);
  return {
    running: s.running,
    active: Object.fromEntries(s.active),
    queued: Object.fromEntries([...s.queues].map(([t, q]) => [t, q.length])),
    stats: { ...s.stats },
  };
}

/** For tests: forget the scheduler of a pool (its settings are read again from the environment). */
export function resetFairShare(pool: pg.Pool): void {
  state.schedulers.delete(pool);
}

/**
 * The 503 refusal for an error of tenant work, or null: the fair share's TenantBusyError, or a
 * statement that ran into its statement_timeout (SQLSTATE 57014; on Citus also a worker's).
 * The HTTP edges (lib/http, server.ts, server actions) answer these with 503 + Retry-After.
 */
export function busyRefusal(err: unknown): { retryAfterSeconds: number; message: string } | null {
  if (isTenantBusyError(err)) return { retryAfterSeconds: (err as TenantBusyError).retryAfterSeconds, message: (err as Error).message };
  if (isQueryDeadline(err))
    return {
      retryAfterSeconds: 2,
      message: `This organisation’s database did not answer in time; ${tryAgainIn(2)}.`,
    };
  const e = err as { code?: unknown; message?: unknown } | null;
  if (e?.code === '57014' && typeof e.message === 'string' && /statement timeout/i.test(e.message))
    return {
      retryAfterSeconds: 2,
      message: `This organisation’s request took longer than its time limit on the database; ${tryAgainIn(2)}.`,
    };
  return null;
}

/**
 * What the HTTP edge needs to know about a request whose tenant work was refused: server.ts runs
 * each request that Next answers in a scope, and when a page's render failed on a refusal it
 * answers 503 + Retry-After with a page of its own instead of Next's error page (status 500).
 */
export interface RefusalScope {
  refused: { retryAfterSeconds: number; message: string } | null;
}

export function runInRefusalScope<T>(scope: RefusalScope, fn: () => T): T {
  return state.requests.run(scope, fn);
}

/** Records a refusal (busyRefusal) in this request's scope, if there is one; returns the error. */
export function noteRefusal(err: unknown): void {
  const scope = state.requests.getStore();
  if (!scope || scope.refused) return;
  scope.refused = busyRefusal(err);
}

/** pg's client-side query_timeout fired (with-tenant's deadline on a server that did not answer). */
export function isQueryDeadline(err: unknown): boolean {
  return (err as { message?: unknown } | null)?.message === 'Query read timeout';
}
