/**
 * vitest globalSetup for the `integration-citus` project: one Citus cluster (coordinator + 2
 * workers, PgBouncer in transaction mode in front of the coordinator) for the whole run. Test
 * files see it exactly as they see the plain cluster (testEnv(), DATABASE_URL & co.), plus
 * `citus: true`.
 */
import type { TestProject } from 'vitest/node';
import { startCitusCluster } from './citus-cluster';
import type { TestDbEnv } from './types';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cluster = await startCitusCluster({
    poolSize: process.env.TEST_POOL_SIZE ? Number(process.env.TEST_POOL_SIZE) : 4,
    // Aliases of the coordinator's database for DATABASE_AFFINITY_BY=node (node-affinity.test.ts).
    pgbouncerAliases: { quorum_w0: 'pool_size=2', quorum_w1: 'pool_size=2' },
  });
  const env: TestDbEnv = {
    directUrl: cluster.directUrl,
    pooledUrl: cluster.pooledUrl,
    requestPooledUrl: cluster.requestPooledUrl,
    requestDirectUrl: cluster.requestDirectUrl,
    pgbouncerAdminUrl: cluster.pgbouncerAdminUrl,
    poolSize: cluster.poolSize,
    dir: cluster.dir,
    superuserUrl: cluster.superuserUrl,
    citusWorkers: cluster.workers,
  };
  project.provide('quorumDb', env);
  return () => cluster.stop();
}
