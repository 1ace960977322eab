// Login limiter: fixed-window counters in PostgreSQL (public.login_limits), so every app process
// (and every worker of a multi-process start) counts together. One statement per check and one
// per successful login, both plain single statements, so they work through PgBouncer's
// transaction pooling. Three counters per attempt:
//   acct:<scope>:<email>   one account (scope = tenant schema or 'root');
//   host:<scope>:<addr>    one client address on one tenant;
//   addr:<addr>            one client address over every tenant (a spray across tenants).
// A successful login clears its account and gives its attempt back to both address counters, so
// an office behind one NAT spends the address budget only on its failures.
import { sql, type Kysely } from 'kysely';
import { log } from '@/lib/infra/log';
import { addressBucket } from '@/lib/infra/client-address';

export interface LoginLimits {
  perAccount: number;
  perTenantAddress: number;
  perAddress: number;
  windowSeconds: number;
}

function positive(name: string, fallback: number, env: Record<string, string | undefined>): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer (got "${raw}").`);
  return n;
}

/** The limits from LOGIN_LIMIT_* (defaults and their reasons in SECURITY.md). */
export function loginLimitsFrom(env: Record<string, string | undefined> = process.env): LoginLimits {
  return {
    perAccount: positive('LOGIN_LIMIT_PER_ACCOUNT', 10, env),
    perTenantAddress: positive('LOGIN_LIMIT_PER_TENANT_ADDRESS', 60, env),
    perAddress: positive('LOGIN_LIMIT_PER_ADDRESS', 120, env),
    windowSeconds: positive('LOGIN_LIMIT_WINDOW_SECONDS', 15 * 60, env),
  };
}

export const LOGIN_LIMITS: LoginLimits = loginLimitsFrom();

export interface LoginSubject {
  /** Tenant schema, or 'root' for superusers: the same email on two tenants is two accounts. */
  scope: string;
  email: string;
  /** The client address (lib/infra/client-address.ts); null counts the account only. */
  address: string | null;
}

/** The counters one attempt touches with their limits, in key order (every statement locks rows in that order). */
export function limitKeys(subject: LoginSubject, limits: LoginLimits = LOGIN_LIMITS): Array<{ key: string; limit: number }> {
  const keys = [{ key: `acct:${subject.scope}:${subject.email.trim().toLowerCase()}`, limit: limits.perAccount }];
  if (subject.address) {
    const bucket = addressBucket(subject.address);
    keys.push({ key: `host:${subject.scope}:${bucket}`, limit: limits.perTenantAddress });
    keys.push({ key: `addr:${bucket}`, limit: limits.perAddress });
  }
  return keys.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

// Any Kysely handle: the limiter reads and writes only public.login_limits.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

const SWEEP_EVERY_MS = 60_000;
const g = globalThis as unknown as { __quorumLimitSweep?: number; __quorumNoAddressWarned?: boolean };

/** Deletes the windows that have ended; returns how many. */
export async function sweepLoginLimits(db: Db): Promise<number> {
  const r = await sql`delete from public.login_limits where resets_at < now()`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/** Sweeps at most once a minute per process, off the request's path. */
function sweep(db: Db): void {
  const now = Date.now();
  if ((g.__quorumLimitSweep ?? 0) > now - SWEEP_EVERY_MS) return;
  g.__quorumLimitSweep = now;
  sweepLoginLimits(db).catch((err: Error) => log.warn({ err: err.message }, 'login limit sweep failed'));
}

/**
 * Counts one login attempt on every counter of the subject; returns null if allowed, else the
 * seconds until the fullest exceeded window ends (for Retry-After). One round trip.
 */
export async function loginAttempt(db: Db, subject: LoginSubject, limits: LoginLimits = LOGIN_LIMITS): Promise<number | null> {
  const keys = limitKeys(subject, limits);
  if (!subject.address && !g.__quorumNoAddressWarned) {
    g.__quorumNoAddressWarned = true;
    log.warn('login limits count per account only: no client address (start the app through server.ts, not next start/dev)');
  }
  const exceeded = await countAttempts(db, keys, limits.windowSeconds);
  return exceeded.size === 0 ? null : Math.max(...exceeded.values());
}

/**
 * Counts one attempt on each counter (sorted keys, so concurrent statements lock rows in one
 * order) in a fixed window of `windowSeconds`; returns, per exceeded counter, the seconds until
 * its window ends (an empty map when every counter is within its limit). One round trip. Other
 * limited actions (find your organisation) use it with their own key prefixes.
 */
export async function countAttempts(
  db: Db,
  keys: Array<{ key: string; limit: number }>,
  windowSeconds: number,
): Promise<Map<string, number>> {
  const sorted = [...keys].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const { rows } = await sql<{ key: string; hits: number; wait: number }>`
    insert into public.login_limits as l (key, hits, resets_at)
    select k, 1, now() + make_interval(secs => ${windowSeconds}) from unnest(${sorted.map((k) => k.key)}::text[]) with ordinality as t(k, n) order by n
    on conflict (key) do update
      set hits = case when l.resets_at <= now() then 1 else l.hits + 1 end,
          resets_at = case when l.resets_at <= now() then excluded.resets_at else l.resets_at end
    returning key, hits, greatest(1, ceil(extract(epoch from resets_at - now())))::int as wait`.execute(db);
  sweep(db);
  const exceeded = new Map<string, number>();
  for (const row of rows) {
    const limit = keys.find((k) => k.key === row.key)!.limit;
    if (row.hits > limit) exceeded.set(row.key, row.wait);
  }
  return exceeded;
}

/** A successful login: clears the account's window and returns its attempt to the address counters. */
export async function loginSucceeded(db: Db, subject: LoginSubject, limits: LoginLimits = LOGIN_LIMITS): Promise<void> {
  // 'acct:' sorts before 'addr:' and 'host:'.
  const [account, ...addresses] = limitKeys(subject, limits).map((k) => k.key);
  // The update reads the delete's result, so the account row is locked first (the attempt's order).
  await sql`
    with cleared as (delete from public.login_limits where key = ${account} returning key)
    update public.login_limits set hits = greatest(hits - 1, 0)
    where key = any(${addresses}::text[]) and resets_at > now() and (select count(*) from cleared) >= 0`.execute(db);
}

/** Tests only: forget every window. */
export async function resetLoginLimits(db: Db): Promise<void> {
  await sql`delete from public.login_limits`.execute(db);
}
