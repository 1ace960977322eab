// Fixed-window login limiter, per account and per client address, kept in process memory.
// (One app process per host here; a multi-process deployment would move this to the database.)
interface Window {
  count: number;
  resetAt: number;
}

const g = globalThis as unknown as { __quorumLimits?: Map<string, Window> };
const windows: Map<string, Window> = (g.__quorumLimits ??= new Map());

export const LOGIN_LIMITS = {
  perAccount: Number(process.env.LOGIN_LIMIT_PER_ACCOUNT ?? 10),
  perAddress: Number(process.env.LOGIN_LIMIT_PER_ADDRESS ?? 50),
  windowMs: 15 * 60_000,
};

function hit(key: string, limit: number, now: number): number | null {
  let w = windows.get(key);
  if (!w || w.resetAt <= now) {
    if (windows.size > 100_000) windows.clear();
    w = { count: 0, resetAt: now + LOGIN_LIMITS.windowMs };
    windows.set(key, w);
  }
  w.count++;
  return w.count > limit ? Math.ceil((w.resetAt - now) / 1000) : null;
}

/**
 * Counts one login attempt; returns null if allowed, else the seconds to wait.
 * `scope` is the tenant schema (or 'root'), so accounts on different tenants are separate.
 */
export function loginAttempt(scope: string, email: string, address: string | null, now = Date.now()): number | null {
  const a = hit(`acct:${scope}:${email.trim().toLowerCase()}`, LOGIN_LIMITS.perAccount, now);
  const b = address ? hit(`addr:${address}`, LOGIN_LIMITS.perAddress, now) : null;
  return a ?? b;
}

/** A successful login clears the account's counter. */
export function loginSucceeded(scope: string, email: string): void {
  windows.delete(`acct:${scope}:${email.trim().toLowerCase()}`);
}

export function resetLoginLimits(): void {
  windows.clear();
}
