// What PostgreSQL and PgBouncer report while a bench runs: server connections of the app role,
// PgBouncer's pools and servers, and the memory of the backends behind PgBouncer.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Cluster } from '@/harness/cluster';
import { sleep } from './common';

export async function connect(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url, application_name: 'quorum-bench' });
  c.on('error', () => undefined); // a dying admin connection must not crash the bench
  await c.connect();
  return c;
}

export interface BouncerServer {
  remotePid: number;
  /** The PgBouncer database (quorum, or an affinity alias quorum_a<i>). */
  database: string;
  state: string;
  connectTime: string;
}

/** SHOW SERVERS on the PgBouncer admin console (simple protocol, no parameters). */
/** The bench database and its affinity aliases (quorum_a0, quorum_a1, …). */
export function isBenchDatabase(name: unknown): boolean {
  return name === 'quorum' || /^quorum_a\d+$/.test(String(name));
}

export async function bouncerServers(admin: pg.Client): Promise<BouncerServer[]> {
  const r = await admin.query('SHOW SERVERS');
  return r.rows
    .filter((row) => isBenchDatabase(row.database))
    .map((row) => ({
      remotePid: Number(row.remote_pid),
      database: String(row.database),
      state: String(row.state),
      connectTime: String(row.connect_time),
    }));
}

export async function bouncerPools(admin: pg.Client): Promise<Record<string, unknown>[]> {
  const r = await admin.query('SHOW POOLS');
  return r.rows.filter((row) => isBenchDatabase(row.database));
}

export interface ConnSample {
  t: number;
  /** pg_stat_activity rows of role quorum (client backends), every application. */
  appRole: number;
  /** Of those, the ones PgBouncer holds (pid in SHOW SERVERS). */
  viaBouncer: number;
  /** PgBouncer's own count of server connections. */
  bouncerServers: number;
  /** Clients waiting in PgBouncer for a server connection. */
  clWaiting: number;
}

/**
 * Samples connection counts every `everyMs` until stop() is called.
 * `su` is a superuser connection straight to PostgreSQL, `admin` the PgBouncer console.
 */
export function sampleConnections(su: pg.Client, admin: pg.Client, everyMs = 250) {
  const samples: ConnSample[] = [];
  let running = true;
  const t0 = Date.now();
  const loop = (async () => {
    while (running) {
      try {
        // One query at a time per client (pg does not queue concurrent queries on one client).
        const [act, servers] = await Promise.all([
          su.query<{ pid: number }>(`select pid from pg_stat_activity where usename = 'quorum' and backend_type = 'client backend'`),
          bouncerServers(admin),
        ]);
        const pools = await bouncerPools(admin);
        const bouncerPids = new Set(servers.map((s) => s.remotePid));
        samples.push({
          t: Date.now() - t0,
          appRole: act.rows.length,
          viaBouncer: act.rows.filter((r) => bouncerPids.has(r.pid)).length,
          bouncerServers: servers.length,
          clWaiting: pools.reduce((a, p) => a + Number(p.cl_waiting ?? 0), 0),
        });
      } catch {
        /* a failed sample is skipped */
      }
      await sleep(everyMs);
    }
  })();
  return {
    samples,
    async stop() {
      running = false;
      await loop;
      return samples;
    },
  };
}

export interface BackendMemory {
  pid: number;
  /** /proc/<pid>/status: VmRSS includes the shared buffers the backend touched; RssAnon is its private memory. */
  vmRssKiB: number;
  rssAnonKiB: number;
  /** From pg_log_backend_memory_contexts (server log): all contexts, and CacheMemoryContext (relcache/catcache). */
  grandTotalBytes: number | null;
  cacheContextBytes: number | null;
}

function procStatus(pid: number): { vmRssKiB: number; rssAnonKiB: number } {
  try {
    const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s)?.[1] ?? NaN);
    return { vmRssKiB: kib('VmRSS'), rssAnonKiB: kib('RssAnon') };
  } catch {
    return { vmRssKiB: NaN, rssAnonKiB: NaN };
  }
}

/**
 * Memory of the given backends: /proc (this bench runs on the database host) plus the server's own
 * accounting, asked for with pg_log_backend_memory_contexts(pid) and read back from postgres.log.
 */
export async function backendMemory(cluster: Cluster, su: pg.Client, pids: number[]): Promise<BackendMemory[]> {
  const logFile = path.join(cluster.dir, 'postgres.log');
  const offset = fs.statSync(logFile).size;
  for (const pid of pids) await su.query('select pg_log_backend_memory_contexts($1)', [pid]).catch(() => undefined);
  // Idle backends answer when they next process interrupts (at once while waiting for a client).
  const want = new Set(pids);
  const grand = new Map<number, number>();
  const cache = new Map<number, number>();
  for (let i = 0; i < 40 && grand.size < want.size; i++) {
    await sleep(100);
    const fd = fs.openSync(logFile, 'r');
    const size = fs.fstatSync(fd).size;
    const buf = Buffer.alloc(size - offset);
    fs.readSync(fd, buf, 0, buf.length, offset);
    fs.closeSync(fd);
    for (const line of buf.toString('utf8').split('\n')) {
      const m = /\[(\d+)\].*LOG:\s+(?:level: \d+; CacheMemoryContext: (\d+) total|Grand total: (\d+) bytes)/.exec(line);
      if (!m) continue;
      const pid = Number(m[1]);
      if (m[2]) cache.set(pid, Number(m[2]));
      if (m[3]) grand.set(pid, Number(m[3]));
    }
  }
  return pids.map((pid) => ({
    pid,
    ...procStatus(pid),
    grandTotalBytes: grand.get(pid) ?? null,
    cacheContextBytes: cache.get(pid) ?? null,
  }));
}
