/**
 * Small async helpers for integration tests.
 *
 *   const closedAt = await waitFor('the job', async () => (await probe()) ?? undefined);
 *   expect(await sqlState(withTenant(t, (db) => …))).toBe('42501');
 */
import { pgErrorCode } from '@/lib/infra/errors';

/** Polls `probe` until it returns something other than undefined; fails after `timeoutMs` naming `what`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The SQLSTATE a promise rejects with (undefined when it resolves). */
export async function sqlState(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (err) {
    return pgErrorCode(err);
  }
}
