// Usage per tenant (issue 21, part 5): in each server process, per tenant schema, the requests it
// received, the time its transactions held a database connection (ms), the requests refused with
// 429 (over its rate) and the tenant work refused with 503 (fair share used up, statement timeout,
// deadline). Counting is a Map lookup and a few additions: no promise, no timer, no database round
// trip. A flusher (lib/entry/usage-flusher.ts, started by server.ts) takes the counts once a minute
// with takeUsage() and adds them to public.tenant_usage.
//
// Off until a flusher turns it on (enableUsage): the CLI, the job worker and the tests that never
// flush keep nothing. The state lives on globalThis, like the fair share's: Next bundles this
// module more than once and server.ts loads its own copy; the counts are per process, not per copy.

export interface UsageCounts {
  requests: number;
  dbMs: number;
  throttled: number;
  refused: number;
}

/** One window of counts: since `since` (ms since the epoch), per tenant schema. */
export interface UsageWindow {
  since: number;
  tenants: Map<string, UsageCounts>;
}

const g = globalThis as unknown as {
  __quorumUsage?: { enabled: boolean; window: UsageWindow; counted: WeakSet<object> };
};
const state = (g.__quorumUsage ??= { enabled: false, window: { since: Date.now(), tenants: new Map() }, counted: new WeakSet() });

/** Starts counting in this process (a server with a flusher); off again with `false`. */
export function enableUsage(on = true): void {
  state.enabled = on;
}

export function usageEnabled(): boolean {
  return state.enabled;
}

function countsOf(schema: string): UsageCounts {
  let c = state.window.tenants.get(schema);
  if (!c) {
    c = { requests: 0, dbMs: 0, throttled: 0, refused: 0 };
    state.window.tenants.set(schema, c);
  }
  return c;
}

/** One request for the tenant (counted by the request gate, whatever its answer). */
export function countRequest(schema: string): void {
  if (state.enabled) countsOf(schema).requests++;
}

/** One request refused with 429 (the request gate). */
export function countThrottled(schema: string): void {
  if (state.enabled) countsOf(schema).throttled++;
}

/** Time one tenant transaction or statement held a connection. */
export function countDbTime(schema: string, ms: number): void {
  if (state.enabled && ms > 0) countsOf(schema).dbMs += ms;
}

/**
 * Tenant work refused with 503 (busyRefusal said so). An error passes through every withTenant it
 * is nested in: it is counted once.
 */
export function countRefused(schema: string, err: unknown): void {
  if (!state.enabled) return;
  if (typeof err === 'object' && err !== null) {
    if (state.counted.has(err)) return;
    state.counted.add(err);
  }
  countsOf(schema).refused++;
}

/** The counts of the current window, read-only (the metrics' busiest tenants): not taken, not copied. */
export function currentUsage(): Readonly<UsageWindow> {
  return state.window;
}

/** Hands over the counts since the last call and starts a new window at `now`. */
export function takeUsage(now = Date.now()): UsageWindow {
  const taken = state.window;
  state.window = { since: now, tenants: new Map() };
  return taken;
}

/** Puts counts back (a flush that failed): they are added to whatever was counted since. */
export function restoreUsage(w: UsageWindow): void {
  mergeUsage(state.window.tenants, w.tenants);
  state.window.since = Math.min(state.window.since, w.since);
}

/** Adds `from` into `into`, tenant by tenant. */
export function mergeUsage(into: Map<string, UsageCounts>, from: Map<string, UsageCounts>): Map<string, UsageCounts> {
  for (const [schema, c] of from) {
    const t = into.get(schema);
    if (!t) into.set(schema, { ...c });
    else {
      t.requests += c.requests;
      t.dbMs += c.dbMs;
      t.throttled += c.throttled;
      t.refused += c.refused;
    }
  }
  return into;
}
