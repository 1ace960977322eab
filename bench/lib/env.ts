// Throwaway PostgreSQL + PgBouncer (harness/cluster.ts) and the production build of the app
// (harness/app-server.ts, own dist dir .next-bench) for the bench scripts.
import { startCluster, type Cluster, type StartClusterOptions } from '@/harness/cluster';
import { ensureBuild, request, startApp, type AppServer } from '@/harness/app-server';
import { log } from './common';

export const BENCH_DIST_DIR = '.next-bench';

/** The variables the application reads (like harness/env.ts testProcessEnv, without vitest). */
export function clusterEnv(c: Cluster): Record<string, string> {
  if (!c.pooledUrl) throw new Error('the benches need PgBouncer (apt-get install -y pgbouncer)');
  const vars: Record<string, string> = {
    DIRECT_DATABASE_URL: c.directUrl,
    DATABASE_URL: c.pooledUrl,
    TEST_POOL_SIZE: String(c.poolSize),
    QUORUM_TEST_CLUSTER_DIR: c.dir,
  };
  if (c.pgbouncerAdminUrl) vars.PGBOUNCER_ADMIN_URL = c.pgbouncerAdminUrl;
  return vars;
}

/**
 * Starts a cluster (PgBouncer required) and points this process's lib/ code at it: the bench
 * process itself provisions, seeds and migrates through the same DATABASE_URL / DIRECT_DATABASE_URL.
 */
export async function benchCluster(opts: StartClusterOptions = {}): Promise<Cluster> {
  const t0 = Date.now();
  const c = await startCluster({ requirePgbouncer: true, ...opts });
  Object.assign(process.env, clusterEnv(c));
  process.env.LOG_LEVEL ??= 'warn';
  // Seeded domains are <sub>.<ROOT_DOMAIN host>; the app runs on localhost:<port>.
  process.env.ROOT_DOMAIN ??= 'localhost';
  log(
    `cluster up in ${Date.now() - t0} ms: postgres :${c.pgPort}, pgbouncer :${c.bouncerPort} (pool_mode=transaction, default_pool_size=${c.poolSize})`,
  );
  return c;
}

/** Builds `distDir` (.next-bench) if missing, or again when `rebuild` (--rebuild); later ensureBuild calls (startApp's) do not build again. */
export function ensureBenchBuild(rebuild: boolean, distDir = BENCH_DIST_DIR): void {
  if (rebuild) process.env.QUORUM_REBUILD = '1';
  try {
    ensureBuild(distDir);
  } finally {
    delete process.env.QUORUM_REBUILD;
  }
}

/** Builds .next-bench if missing (`--rebuild` forces) and starts server.ts (the production server) against the cluster. */
export async function benchApp(c: Cluster, env: Record<string, string> = {}, rebuild = false, root?: string): Promise<AppServer> {
  const tb = Date.now();
  ensureBenchBuild(rebuild);
  if (rebuild) log(`next build (${BENCH_DIST_DIR}) ${Date.now() - tb} ms`);
  const t0 = Date.now();
  const app = await startApp(
    {
      ...clusterEnv(c),
      LOGIN_LIMIT_PER_ADDRESS: '1000000',
      LOGIN_LIMIT_PER_TENANT_ADDRESS: '1000000',
      LOGIN_LIMIT_PER_ACCOUNT: '1000000',
      ...env,
    },
    { distDir: BENCH_DIST_DIR, root },
  );
  log(`server.ts on :${app.port} in ${Date.now() - t0} ms (pid ${app.child.pid})`);
  return app;
}

export { request };

/**
 * Cleanup stack: everything a script starts is registered here and torn down in reverse order,
 * also when the script fails half-way.
 */
export class Resources {
  private stack: { name: string; fn: () => Promise<unknown> | unknown }[] = [];
  add(name: string, fn: () => Promise<unknown> | unknown): void {
    this.stack.push({ name, fn });
  }
  async close(): Promise<void> {
    while (this.stack.length) {
      const { name, fn } = this.stack.pop()!;
      try {
        await fn();
      } catch (err) {
        console.error(`cleanup ${name} failed: ${(err as Error).message}`);
      }
    }
  }
}
