// Usage per tenant (issue 21, part 5): each server process counts its tenants' requests, database
// time and refusals in memory (lib/tenancy/usage.ts) and adds them to public.tenant_usage on every
// QUORUM_USAGE_FLUSH_MS boundary (default: each minute, so a window is one minute's row) and once
// more when it drains. A flush that fails puts its counts back for the next one.
import { usageFlushMs } from '@/lib/config/env';
import { directDb } from '@/lib/infra/db/pool';
import { recordTenantUsage } from '@/lib/features/admin/tenant-usage';
import { enableUsage, restoreUsage, takeUsage } from '@/lib/tenancy';

export interface UsageFlusher {
  /** Writes what was counted so far (the test hook and the drain). */
  flush(): Promise<void>;
  /** Stops the timer, writes the rest and stops counting. */
  stop(): Promise<void>;
}

const OFF: UsageFlusher = { flush: async () => undefined, stop: async () => undefined };

/** Counts and flushes every `intervalMs` (QUORUM_USAGE_FLUSH_MS); 0 = usage is neither counted nor recorded. */
export function startUsageFlusher(log: (msg: string) => void, intervalMs = usageFlushMs()): UsageFlusher {
  if (intervalMs === 0) return OFF;
  const every = Number.isFinite(intervalMs) && intervalMs >= 100 ? intervalMs : 60_000;
  enableUsage(true);
  takeUsage(); // a fresh window from now: nothing counted before the flusher ran is kept
  let chain: Promise<void> = Promise.resolve();
  let failing = false;
  const flush = () =>
    (chain = chain.then(async () => {
      const w = takeUsage();
      if (w.tenants.size === 0) return;
      try {
        await recordTenantUsage(directDb(), w);
        failing = false;
      } catch (err) {
        restoreUsage(w);
        // Once per run of failures: a database that is away would otherwise log every minute.
        if (!failing) log(`could not record tenant usage (kept for the next try): ${(err as Error).message}`);
        failing = true;
      }
    }));
  let timer: NodeJS.Timeout | null = null;
  const schedule = () => {
    timer = setTimeout(
      () => {
        void flush();
        schedule();
      },
      every - (Date.now() % every),
    );
    timer.unref();
  };
  schedule();
  return {
    flush,
    async stop() {
      if (timer) clearTimeout(timer);
      timer = null;
      await flush();
      enableUsage(false);
    },
  };
}
