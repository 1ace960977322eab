/**
 * vitest setupFiles entry for the `integration` project: exports the cluster URLs into process.env
 * of the test process, so application code (lib/infra/db/pool.ts reads DATABASE_URL / DIRECT_DATABASE_URL)
 * talks to the throwaway cluster. Only integration workers see these; unit tests never do.
 */
import { testEnv, testProcessEnv } from './env';

const env = testEnv();
Object.assign(process.env, testProcessEnv(env));
if (!env.pgbouncerAdminUrl) delete process.env.PGBOUNCER_ADMIN_URL;
