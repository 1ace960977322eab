// One server process per core: node:cluster forks QUORUM_WORKERS workers (default: the number
// of CPUs) that share the listening port. The primary replaces a worker that dies, and on
// SIGTERM/SIGINT tells every worker to drain: stop accepting, finish the requests in flight,
// close keep-alive connections, exit. Nothing a request needs lives only in the primary; what
// workers must share is in PostgreSQL (the host cache is per worker, kept fresh by its own LISTEN).
import cluster, { type Worker } from 'node:cluster';
import type { Server } from 'node:http';
import os from 'node:os';

/** QUORUM_WORKERS as a number of processes (≥ 1); default and `0`: one per CPU. */
export function workerCount(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.QUORUM_WORKERS?.trim();
  const cpus = Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
  if (!raw || raw === '0') return cpus;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 256)
    throw new Error(`QUORUM_WORKERS must be a whole number from 1 to 256 (got ${JSON.stringify(raw)}).`);
  return n;
}

export interface PrimaryOptions {
  workers: number;
  log: (msg: string) => void;
  /** How long a draining worker may take before it is killed. */
  drainMs?: number;
  /** A worker that dies sooner than this after its start counts as a crash loop. */
  minUptimeMs?: number;
}

/**
 * Runs in the primary: forks the workers, replaces any that exit unexpectedly, and on
 * SIGTERM/SIGINT drains them all and exits (0 if every worker drained cleanly).
 */
export function runPrimary(o: PrimaryOptions): void {
  const drainMs = o.drainMs ?? 25_000;
  const minUptimeMs = o.minUptimeMs ?? 2_000;
  const started = new Map<number, number>();
  let stopping = false;
  let quickDeaths = 0;
  let exitCode = 0;

  const fork = () => {
    const w = cluster.fork();
    started.set(w.id, Date.now());
  };

  const listened = new Set<number>();
  cluster.on('listening', (w: Worker) => listened.add(w.id));

  cluster.on('exit', (w: Worker, code, signal) => {
    const uptime = Date.now() - (started.get(w.id) ?? 0);
    started.delete(w.id);
    if (stopping) {
      if (code !== 0 && exitCode === 0) exitCode = 1;
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(exitCode);
      return;
    }
    if (!listened.has(w.id)) {
      // It never served: a configuration the server refuses (default secrets, a bad TRUST_PROXY, a
      // taken port). Forking again would fail the same way; stop as a single process would.
      o.log(`worker ${w.process.pid} exited (${signal ?? code}) before it listened; stopping`);
      stopping = true;
      for (const other of Object.values(cluster.workers ?? {})) other?.process.kill('SIGTERM');
      process.exitCode = typeof code === 'number' && code !== 0 ? code : 1;
      exitCode = process.exitCode;
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(exitCode);
      return;
    }
    listened.delete(w.id);
    o.log(`worker ${w.process.pid} exited (${signal ?? code}) after ${Math.round(uptime / 1000)} s; starting a new one`);
    // A worker that cannot even start (bad config, port taken) would otherwise be forked forever.
    quickDeaths = uptime < minUptimeMs ? quickDeaths + 1 : 0;
    if (quickDeaths >= 5) {
      o.log('workers keep dying right after start; giving up');
      process.exit(1);
    }
    setTimeout(fork, quickDeaths ? 500 * quickDeaths : 0);
  });

  const stop = (sig: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    o.log(`${sig}: draining ${Object.keys(cluster.workers ?? {}).length} worker(s)`);
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    setTimeout(() => {
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGKILL');
      process.exit(1);
    }, drainMs + 2_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  for (let i = 0; i < o.workers; i++) fork();
}

/**
 * Runs in a worker (or a single-process server): on SIGTERM/SIGINT stop accepting connections,
 * let the requests in flight finish (their responses tell the client to close), close idle
 * keep-alive connections, then run `cleanup` and exit.
 */
export function drainOnSignal(server: Server, o: { cleanup?: () => Promise<void>; drainMs?: number; log: (msg: string) => void }): void {
  let draining = false;
  const drainMs = o.drainMs ?? 25_000;
  // While draining, every response ends its connection: a keep-alive client is not left holding
  // a socket to a process that is about to exit.
  server.on('request', (_req, res) => {
    if (draining) res.shouldKeepAlive = false;
  });
  const drain = () => {
    if (draining) return;
    draining = true;
    server.close(() => {
      Promise.resolve(o.cleanup?.())
        .catch((err: unknown) => o.log(`cleanup failed: ${(err as Error).message}`))
        .finally(() => process.exit(0));
    });
    server.closeIdleConnections();
    // Connections that turn idle after their last response are closed as they do.
    const idle = setInterval(() => server.closeIdleConnections(), 100);
    idle.unref();
    setTimeout(() => {
      o.log(`drain took longer than ${drainMs} ms; closing the remaining connections`);
      server.closeAllConnections();
      process.exit(1);
    }, drainMs).unref();
  };
  process.on('SIGTERM', drain);
  process.on('SIGINT', drain);
}
