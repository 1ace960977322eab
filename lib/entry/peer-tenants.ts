// Which tenants the other server processes serve (QUORUM_WORKERS > 1), for the fair share's
// borrowing (lib/tenancy/fair-share.ts mayBorrow): a tenant alone in one worker may be far from
// alone on the machine, whose cores and PgBouncer connections every worker shares. Every 250 ms
// each worker tells the primary up to two tenants it admitted work of in the last two seconds
// (recentTenants), and the primary tells each worker what the OTHER workers said (at most two
// tenants). A worker hears of another's tenant within about half a second, and stops borrowing
// if it hears nothing for a second (a primary that is gone).
import cluster from 'node:cluster';
import { recentTenants, tenantsElsewhere } from '@/lib/tenancy';

const TELL = 'quorum:tenants';
const HEAR = 'quorum:tenants-elsewhere';
const EVERY_MS = 250;

interface Tell {
  type: typeof TELL;
  tenants: string[];
}
interface Hear {
  type: typeof HEAR;
  tenants: string[];
}

/** Up to two distinct tenants of the workers other than `worker` (from each worker's last word). */
export function othersOf(said: ReadonlyMap<number, readonly string[]>, worker: number): string[] {
  const out: string[] = [];
  for (const [id, tenants] of said) {
    if (id === worker) continue;
    for (const t of tenants) {
      if (!out.includes(t)) out.push(t);
      if (out.length === 2) return out;
    }
  }
  return out;
}

/** In a worker: tells the primary its recent tenants and hears the others'. Returns a stop function. */
export function sharePeerTenants(): () => void {
  const onMessage = (m: Hear | null) => {
    if (m?.type === HEAR && Array.isArray(m.tenants)) tenantsElsewhere(m.tenants);
  };
  process.on('message', onMessage);
  // Until the first word from the primary, nothing is known: nobody borrows.
  tenantsElsewhere(null);
  const timer = setInterval(() => {
    if (process.connected) process.send?.({ type: TELL, tenants: recentTenants() } satisfies Tell);
  }, EVERY_MS);
  timer.unref();
  return () => {
    clearInterval(timer);
    process.off('message', onMessage);
  };
}

/** In the primary: passes on to each worker what the other workers last said. */
export function relayPeerTenants(): void {
  const said = new Map<number, string[]>();
  cluster.on('message', (worker, m: Tell | null) => {
    if (m?.type === TELL && Array.isArray(m.tenants)) said.set(worker.id, m.tenants.slice(0, 2));
  });
  cluster.on('exit', (worker) => said.delete(worker.id));
  setInterval(() => {
    for (const w of Object.values(cluster.workers ?? {})) {
      if (w?.isConnected()) w.send({ type: HEAR, tenants: othersOf(said, w.id) } satisfies Hear);
    }
  }, EVERY_MS).unref();
}
