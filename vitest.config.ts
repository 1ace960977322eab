import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

const root = path.dirname(fileURLToPath(import.meta.url));

const commonExclude = [...configDefaults.exclude, '**/.tmp/**', '**/.next/**', '**/.data/**', 'e2e/**', 'bench/results/**'];

export default defineConfig({
  root,
  resolve: {
    // tsconfig: "paths": { "@/*": ["./*"] }. A regex so scoped packages (@playwright/…) are untouched.
    alias: [{ find: /^@\//, replacement: `${root}${path.sep}` }],
  },
  test: {
    environment: 'node',
    teardownTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['**/*.test.ts'],
          exclude: [...commonExclude, 'test/integration/**', 'test/integration-citus/**'],
          // The property tests run a few thousand cases each; beside the integration projects on
          // two cores they took 11 s. A hang still fails.
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          exclude: commonExclude,
          globalSetup: [path.join(root, 'harness/global-setup.ts')],
          setupFiles: [path.join(root, 'harness/setup-env.ts')],
          // One shared cluster with a deliberately small PgBouncer pool: files run one at a time.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration-citus',
          // The same tenancy, API, provisioning, migration and seed tests, on a coordinator + 2
          // workers (schema-based sharding) behind PgBouncer, plus the placement tests.
          include: [
            'test/integration/tenancy.test.ts',
            'test/integration/api.test.ts',
            'test/integration/seed.test.ts',
            'test/integration/cli.test.ts',
            'test/integration/vote-counts.test.ts',
            'test/integration-citus/**/*.test.ts',
          ],
          exclude: commonExclude,
          globalSetup: [path.join(root, 'harness/citus-global-setup.ts')],
          // Three servers on a shared 2-core machine and a hop to a worker per query: give the app's
          // pool longer to hand out a connection under the 200-in-flight leak test (default 3 s).
          env: { DB_CONNECT_TIMEOUT_MS: '15000' },
          setupFiles: [path.join(root, 'harness/setup-env.ts')],
          fileParallelism: false,
          testTimeout: 90_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
