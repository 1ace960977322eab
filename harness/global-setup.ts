/**
 * vitest globalSetup for the `integration` project: one throwaway cluster for the whole run.
 * Runs in the vitest main process; test files get the URLs through `inject('quorumDb')`
 * (use `testEnv()` from ./env) and, via ./setup-env, as DATABASE_URL & co. in their process.env.
 *
 * Environment knobs:
 *   TEST_POOL_SIZE           PgBouncer default_pool_size (default 4)
 *   QUORUM_TEST_CLUSTER_DIR  reuse a cluster started elsewhere with startCluster() (not stopped here)
 *   QUORUM_HARNESS_VERBOSE=1 print paths and timings
 */
import type { TestProject } from 'vitest/node';
import { attachCluster, startCluster, type Cluster } from './cluster';
import type { TestDbEnv } from './types';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.QUORUM_TEST_CLUSTER_DIR;
  let cluster: Cluster;
  if (external) {
    cluster = attachCluster(external);
  } else {
    const poolSize = process.env.TEST_POOL_SIZE ? Number(process.env.TEST_POOL_SIZE) : 4;
    if (!Number.isInteger(poolSize) || poolSize < 1)
      throw new Error(`TEST_POOL_SIZE must be a positive integer, got ${process.env.TEST_POOL_SIZE}`);
    // Two PgBouncer aliases of the database for the DATABASE_AFFINITY tests (unused otherwise).
    cluster = await startCluster({
      poolSize,
      requirePgbouncer: process.env.CI === 'true',
      pgbouncerAliases: { quorum_a0: 'pool_size=2', quorum_a1: 'pool_size=2' },
    });
  }
  const env: TestDbEnv = {
    directUrl: cluster.directUrl,
    pooledUrl: cluster.pooledUrl,
    requestPooledUrl: cluster.requestPooledUrl,
    requestDirectUrl: cluster.requestDirectUrl,
    pgbouncerAdminUrl: cluster.pgbouncerAdminUrl,
    poolSize: cluster.poolSize,
    dir: cluster.dir,
    superuserUrl: cluster.superuserUrl,
  };
  project.provide('quorumDb', env);
  return async () => {
    await cluster.stop();
  };
}
