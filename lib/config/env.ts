// The configuration of Quorum: every environment variable the app reads is listed in ENV_VARS and
// read by one function here, nowhere else (README's configuration table is checked against the
// documented ones by env.test.ts). Values are read per call, so a test or a bench may change
// process.env before the code under test runs; checkConfig() validates them once when a server,
// worker or CLI starts. A server process that has started calls settleConfig(): from then on the
// values come from a plain copy (reading process.env asks the C++ side every time, and the
// request path reads a few variables per request). Pure and import-free: also loaded by the middleware.

type Env = Record<string, string | undefined>;

/** Every variable, `documented` when README's configuration table lists it (the others are for tools, tests and benches). */
/** Where the getters read: process.env, or the copy settleConfig() took. */
let current: Env = process.env;

/**
 * A started server's configuration does not change: read it from a plain copy from now on
 * (server.ts, once listening). Tests and tools that change process.env as they go never call it.
 */
export function settleConfig(): void {
  current = Object.freeze({ ...process.env });
}

export const ENV_VARS = {
  DATABASE_URL: { documented: true },
  DIRECT_DATABASE_URL: { documented: true },
  ROOT_DOMAIN: { documented: true },
  AUTH_SECRET: { documented: true },
  NEXTAUTH_SECRET: { documented: true },
  AUTH_TRUST_HOST: { documented: true },
  QUORUM_SECRET_KEY: { documented: true },
  QUORUM_SUPERUSER_TWO_FACTOR: { documented: true },
  // Listed in README for the pool page; no code reads it today (the page reaches PgBouncer through DATABASE_URL).
  PGBOUNCER_ADMIN_URL: { documented: true },
  DB_POOL_MAX: { documented: true, integer: true },
  DB_DIRECT_POOL_MAX: { documented: true, integer: true },
  DATABASE_AFFINITY: { documented: true },
  DATABASE_AFFINITY_BY: { documented: true },
  QUORUM_STATEMENT_TIMEOUT_MS: { documented: true, integer: true },
  PORT: { documented: true, integer: true },
  HOSTNAME: { documented: true },
  QUORUM_WORKERS: { documented: true },
  QUORUM_V8_PRETENURING: { documented: true },
  QUORUM_DIRECT_API: { documented: true },
  QUORUM_TOKEN_CACHE_MS: { documented: true, integer: true },
  TRUST_PROXY: { documented: true },
  LOGIN_LIMIT_PER_ACCOUNT: { documented: true },
  LOGIN_LIMIT_PER_TENANT_ADDRESS: { documented: true },
  LOGIN_LIMIT_PER_ADDRESS: { documented: true },
  LOGIN_LIMIT_WINDOW_SECONDS: { documented: true },
  SMTP_URL: { documented: true },
  MAIL_FROM: { documented: true },
  LINK_SCHEME: { documented: true },
  DNS_SERVERS: { documented: true },
  STORAGE_DIR: { documented: true },
  JOB_CONCURRENCY: { documented: true, integer: true },
  QUORUM_DEV_WORKER: { documented: true },
  QUORUM_BOOTSTRAP: { documented: true },
  QUORUM_FAIR_SHARE: { documented: true },
  QUORUM_TENANT_CONCURRENCY: { documented: true },
  QUORUM_TENANT_QUEUE_MS: { documented: true },
  QUORUM_TENANT_QUEUE_MAX: { documented: true },
  QUORUM_FAIR_SHARE_DOOR: { documented: true },
  QUORUM_FAIR_SHARE_BORROW: { documented: true },
  QUORUM_DB_DEADLINE_GRACE_MS: { documented: true, integer: true },
  QUORUM_RATE_LIMIT: { documented: true },
  QUORUM_RATE_LIMIT_PER_ADDRESS: { documented: true },
  QUORUM_RATE_BURST_SECONDS: { documented: true },
  QUORUM_USAGE_FLUSH_MS: { documented: true, integer: true },
  QUORUM_METRICS_PORT: { documented: true, integer: true },
  QUORUM_METRICS_TOKEN: { documented: true },
  QUORUM_WORKER_METRICS_PORT: { documented: true, integer: true },
  QUORUM_WEBHOOKS_ALLOW_PRIVATE: { documented: true },
  QUORUM_WEBHOOK_RETRY_MS: { documented: true },
  // Traces (issue 25, part 2): the standard OpenTelemetry variables; tracing is off unless an endpoint is set.
  OTEL_EXPORTER_OTLP_ENDPOINT: { documented: true },
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: { documented: true },
  OTEL_SERVICE_NAME: { documented: true },
  OTEL_BSP_SCHEDULE_DELAY: { documented: true, integer: true },
  // Not in the table: set by the tools, the tests and the benches, or by the platform.
  NODE_ENV: { documented: false },
  LOG_LEVEL: { documented: false },
  NEXTAUTH_URL: { documented: false },
  VERCEL: { documented: false },
  PGUSER: { documented: false },
  DB_DIRECT_MAX_USES: { documented: false, integer: true },
  DB_CONNECT_TIMEOUT_MS: { documented: false, integer: true },
  QUORUM_NO_LISTEN: { documented: false },
  QUORUM_DATA_DIR: { documented: false },
  EMBEDDED_PG_PORT: { documented: false, integer: true },
  QUORUM_BENCH_BASELINE: { documented: false },
  QUORUM_BENCH_SCHEMA: { documented: false },
  USER: { documented: false },
  NEXT_DIST_DIR: { documented: false },
  // Tests only (SECURITY.md): allows http:// single sign-on issuers on loopback in a production build.
  QUORUM_SSO_HTTP_LOOPBACK: { documented: false },
  // Set by server.ts for its workers: how many server processes share the database (default 1).
  QUORUM_PROCESSES: { documented: false, integer: true },
} as const satisfies Record<string, { documented: boolean; integer?: boolean }>;

/** Problems with the variables that are set (empty when fine): integers must be whole numbers. */
export function configProblems(env: Env = process.env): string[] {
  const problems: string[] = [];
  for (const [name, spec] of Object.entries(ENV_VARS)) {
    const v = env[name];
    if (v === undefined || v === '' || !('integer' in spec)) continue;
    if (!/^\s*\d+\s*$/.test(v)) problems.push(`${name} must be a whole number (got ${JSON.stringify(v)}).`);
  }
  const by = env.DATABASE_AFFINITY_BY?.trim();
  if (by && by !== 'schema' && by !== 'node') problems.push(`DATABASE_AFFINITY_BY must be schema or node (got ${JSON.stringify(by)}).`);
  return problems;
}

/** Start hook of the server, the worker and the CLI: refuses a malformed configuration with every reason. */
export function checkConfig(env: Env = process.env): void {
  const problems = configProblems(env);
  if (problems.length) throw new Error(`Invalid configuration: ${problems.join(' ')}`);
}

export const isProduction = () => current.NODE_ENV === 'production';

/** The public host (may carry a port). */
export function rootDomain(): string {
  return current.ROOT_DOMAIN ?? 'localhost:3000';
}

// Database.
export const databaseUrl = () => current.DATABASE_URL;
export const directDatabaseUrl = () => current.DIRECT_DATABASE_URL;
export const dbPoolMax = () => Number(current.DB_POOL_MAX ?? 10);
export const dbDirectPoolMax = () => Number(current.DB_DIRECT_POOL_MAX ?? 4);
export const dbDirectMaxUses = () => Number(current.DB_DIRECT_MAX_USES ?? 10);
export const dbConnectTimeoutMs = () => Number(current.DB_CONNECT_TIMEOUT_MS ?? 3000);
export const databaseAffinity = () => (current.DATABASE_AFFINITY ?? '').trim();
/** How a tenant picks its DATABASE_AFFINITY alias: 'schema' (a hash of its name, the default) or 'node' (its Citus worker). */
export const databaseAffinityBy = (): 'schema' | 'node' => ((current.DATABASE_AFFINITY_BY ?? '').trim() === 'node' ? 'node' : 'schema');
/**
 * statement_timeout of tenant request traffic (issue 21, fail fast on a sick node): 1.9 s, so a
 * tenant whose node hangs is answered 503 within 2 s, the 100 ms left being for the coordinator to
 * cancel and for the answer to go out (at 2 s exactly, the answers landed 10-22 ms late); a tenant
 * that needs longer gets a per-tenant override (admin tenant page, `tenants limits`).
 */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 1900;
export const statementTimeoutSetting = () => Number(current.QUORUM_STATEMENT_TIMEOUT_MS ?? DEFAULT_STATEMENT_TIMEOUT_MS);
/** Tools (the CLI, `npm run dev`) do not LISTEN for tenancy changes. */
export const noListen = () => current.QUORUM_NO_LISTEN === '1';
export const pgUser = () => current.PGUSER;
export const embeddedDataDir = () => current.QUORUM_DATA_DIR ?? '.data';
export const embeddedPgPort = () => Number(current.EMBEDDED_PG_PORT ?? 54329);

// Sessions.
export const authSecret = () => current.AUTH_SECRET ?? current.NEXTAUTH_SECRET;
export const nextAuthUrl = () => current.NEXTAUTH_URL;
export const trustsHostHeader = () => current.VERCEL ?? current.AUTH_TRUST_HOST;
/** The key two-factor secrets are encrypted with (issue 23): QUORUM_SECRET_KEY, else the auth secret. */
export const secretKeyMaterial = () => current.QUORUM_SECRET_KEY || authSecret();
/** Single sign-on issuers may be http:// on loopback: outside production, or with the tests' QUORUM_SSO_HTTP_LOOPBACK=1. */
export const ssoHttpLoopbackAllowed = () => !isProduction() || current.QUORUM_SSO_HTTP_LOOPBACK === '1';
/** The default of "superusers must use two-factor" until an operator sets it: on|off, else on in production. */
export function superuserTwoFactorDefault(): boolean {
  const v = current.QUORUM_SUPERUSER_TWO_FACTOR;
  return v === 'on' ? true : v === 'off' ? false : isProduction();
}

// Logging, mail, files, jobs, domains.
export const logLevel = () => current.LOG_LEVEL ?? (current.NODE_ENV === 'test' ? 'warn' : 'info');
export function linkScheme(): 'http' | 'https' {
  const v = current.LINK_SCHEME;
  return v === 'http' || v === 'https' ? v : isProduction() ? 'https' : 'http';
}
export const mailFrom = () => current.MAIL_FROM;
export const smtpUrl = () => current.SMTP_URL;
export const storageDir = () => current.STORAGE_DIR;
export const jobConcurrency = () => Number(current.JOB_CONCURRENCY ?? 4);
export const dnsServers = () => current.DNS_SERVERS;

// Benchmarks: the bench routes answer 404 unless QUORUM_BENCH_BASELINE=1.
export const benchRoutesEnabled = () => current.QUORUM_BENCH_BASELINE === '1';
export const benchSchema = () => current.QUORUM_BENCH_SCHEMA ?? '';

/** The operating-system user (the CLI's audit actor is `cli:<user>`). */
export const osUser = () => current.USER;

// server.ts: where it listens, whom it trusts for the client address, the lean JSON path.
export const listenPort = () => Number(current.PORT || 3000);
export const listenHostname = () => current.HOSTNAME || undefined;
export const trustProxySetting = () => current.TRUST_PROXY;
export const directApiEnabled = () => current.QUORUM_DIRECT_API !== '0';
export const tokenCacheMs = () => Number(current.QUORUM_TOKEN_CACHE_MS ?? 30_000);

// Fair share and rate limits (issue 21): raw values, parsed by lib/tenancy/fair-share.ts and lib/http/request-gate.ts.
/** Server processes sharing the database (server.ts sets it for its workers). */
export const serverProcesses = () => {
  const n = Number(current.QUORUM_PROCESSES ?? 1);
  return Number.isInteger(n) && n >= 1 ? n : 1;
};
export const fairShareEnabled = () => current.QUORUM_FAIR_SHARE !== '0';
/** QUORUM_FAIR_SHARE_DOOR=0: a tenant over its share waits for each transaction only, never at the door. */
export const fairShareDoorEnabled = () => current.QUORUM_FAIR_SHARE_DOOR !== '0';
/** QUORUM_FAIR_SHARE_BORROW=0: a tenant alone in a process stays at its K (no borrowing of idle slots). */
export const fairShareBorrowEnabled = () => current.QUORUM_FAIR_SHARE_BORROW !== '0';
export const fairShareEnv = () => ({
  QUORUM_TENANT_CONCURRENCY: current.QUORUM_TENANT_CONCURRENCY,
  QUORUM_TENANT_QUEUE_MS: current.QUORUM_TENANT_QUEUE_MS,
  QUORUM_TENANT_QUEUE_MAX: current.QUORUM_TENANT_QUEUE_MAX,
});
export const dbDeadlineGraceMs = () => Number(current.QUORUM_DB_DEADLINE_GRACE_MS ?? 1000);
/** How often each server process adds its usage counts to public.tenant_usage (ms; default a minute; 0 = off). */
export const usageFlushMs = () => Number(current.QUORUM_USAGE_FLUSH_MS?.trim() || 60_000);
// Prometheus metrics (issue 25): their own port (unset = off) on HOSTNAME or loopback, a bearer token if set.
export function metricsPort(name: 'QUORUM_METRICS_PORT' | 'QUORUM_WORKER_METRICS_PORT' = 'QUORUM_METRICS_PORT'): number | null {
  const raw = current[name]?.trim();
  return raw ? Number(raw) : null;
}
export const metricsToken = () => current.QUORUM_METRICS_TOKEN || undefined;
export const rateLimitEnv = () => ({
  QUORUM_RATE_LIMIT: current.QUORUM_RATE_LIMIT,
  QUORUM_RATE_LIMIT_PER_ADDRESS: current.QUORUM_RATE_LIMIT_PER_ADDRESS,
  QUORUM_RATE_BURST_SECONDS: current.QUORUM_RATE_BURST_SECONDS,
});

// Webhooks (issue 25, part 4).
/** Test/dev only: webhooks may go to private, loopback and link-local addresses (refused in production by the production check). */
export const webhooksAllowPrivate = () => current.QUORUM_WEBHOOKS_ALLOW_PRIVATE === '1';
/** The delays between a webhook's attempts (ms, comma-separated); one attempt more than delays. */
export const webhookRetryDelaysMs = (): number[] => {
  const raw = current.QUORUM_WEBHOOK_RETRY_MS?.trim();
  const parsed = raw ? raw.split(',').map((x) => Number(x.trim())) : [];
  return parsed.length && parsed.every((n) => Number.isInteger(n) && n >= 0) ? parsed : [10_000, 60_000, 300_000, 1_800_000, 7_200_000];
};

/** What `npm run dev`/`npm start` create on first start (issue 24): unset = both with the embedded database, neither otherwise. */
export const bootstrapSetting = () => current.QUORUM_BOOTSTRAP;

// Traces (issue 25, part 2): OpenTelemetry's standard variables, read here and handed to the SDK (lib/entry/tracing.ts).
/**
 * Where spans go over OTLP/HTTP (JSON), or null: tracing off. OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is
 * the full URL; OTEL_EXPORTER_OTLP_ENDPOINT is a base URL to which `v1/traces` is appended (as the
 * OpenTelemetry specification says).
 */
export function otlpTracesUrl(): string | null {
  const traces = current.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  if (traces) return traces;
  const base = current.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  if (!base) return null;
  return `${base.replace(/\/+$/, '')}/v1/traces`;
}
export const otelServiceName = () => current.OTEL_SERVICE_NAME?.trim() || 'quorum';
/** The batch span processor's delay between exports (ms; the specification's default 5000). */
export const otelBatchDelayMs = () => Number(current.OTEL_BSP_SCHEDULE_DELAY?.trim() || 5000);
