/**
 * For integration test files: the throwaway cluster provided by ./global-setup.
 *
 *   import { testEnv } from '@/harness/env';
 *   const { directUrl, pooledUrl, pgbouncerAdminUrl, poolSize } = testEnv();
 */
import { inject } from 'vitest';
import type { TestDbEnv } from './types';

export type { TestDbEnv } from './types';

export function testEnv(): TestDbEnv {
  const env = inject('quorumDb');
  if (!env) {
    throw new Error(
      'testEnv(): no test cluster was provided. Integration tests must run in the vitest `integration` project ' +
        '(npx vitest run --project integration), whose globalSetup starts the cluster.',
    );
  }
  if (env.pooledUrl === null && process.env.CI === 'true') {
    throw new Error('testEnv(): pooledUrl is null under CI=true — PgBouncer is required in CI (apt-get install -y pgbouncer).');
  }
  return env;
}

/** The pooled URL, or a clear failure (tests that are about PgBouncer behaviour). */
export function requirePooledUrl(env: TestDbEnv = testEnv()): string {
  if (!env.pooledUrl) throw new Error('this test needs PgBouncer, but the pgbouncer binary is not installed');
  return env.pooledUrl;
}

/** The variables the application reads, for spawning child processes (server.ts, CLI) against the cluster. */
export function testProcessEnv(env: TestDbEnv = testEnv()): Record<string, string> {
  const vars: Record<string, string> = {
    DIRECT_DATABASE_URL: env.directUrl,
    DATABASE_URL: env.pooledUrl ?? env.directUrl,
    TEST_POOL_SIZE: String(env.poolSize),
    QUORUM_TEST_CLUSTER_DIR: env.dir,
  };
  if (env.pgbouncerAdminUrl) vars.PGBOUNCER_ADMIN_URL = env.pgbouncerAdminUrl;
  return vars;
}
