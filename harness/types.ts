/** What integration test files receive about the throwaway cluster (see env.ts / global-setup.ts). */
export interface TestDbEnv {
  /** Straight to PostgreSQL as role `quorum` (DDL, migrations, LISTEN, session features). */
  directUrl: string;
  /** Through PgBouncer (transaction pooling) as role `quorum`; null only when pgbouncer is not installed (never under CI=true). */
  pooledUrl: string | null;
  /** Through PgBouncer as the request-only role `quorum_req` (two-role mode tests); null without pgbouncer. */
  requestPooledUrl: string | null;
  /** Straight to PostgreSQL as `quorum_req`. */
  requestDirectUrl: string;
  /** PgBouncer admin console (`SHOW POOLS` etc.; simple query protocol only). */
  pgbouncerAdminUrl: string | null;
  /** PgBouncer default_pool_size. */
  poolSize: number;
  /** Cluster directory; pass `{ dir }` to the fault-injection helpers in cluster.ts. */
  dir: string;
  /** Superuser `postgres`, direct. For test setup that needs it (e.g. pg_terminate_backend of anyone). */
  superuserUrl: string;
  /** Set by the `integration-citus` project: the Citus workers ("host:port"); absent on plain PostgreSQL. */
  citusWorkers?: string[];
}

declare module 'vitest' {
  export interface ProvidedContext {
    quorumDb: TestDbEnv;
  }
}
