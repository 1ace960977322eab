// The connection-pool report of /admin/pool. Talks to the PgBouncer admin console (virtual
// database `pgbouncer` on DATABASE_URL's host and port) with a raw pg Client, and to PostgreSQL
// for pg_stat_activity. Never returns a password: targets are shown as user@host:port/db.
import pg from 'pg';
import { directUrl, pooledUrl } from '@/lib/infra/db/pool';
import { roleMode, type RoleMode } from '@/lib/tenancy';

const CONNECT_TIMEOUT_MS = 2000;
const QUERY_TIMEOUT_MS = 4000;

export interface Table {
  columns: string[];
  rows: Record<string, string>[];
}

export interface PgbouncerReport {
  target: string;
  version: string | null;
  settings: { key: string; value: string }[];
  pools: Table;
  stats: Table;
}

export interface PostgresReport {
  target: string;
  maxConnections: number | null;
  total: number;
  byState: { state: string; count: number }[];
  byApplication: { application: string; user: string; state: string; count: number }[];
}

export interface PoolReport {
  /** The app's pooled connection target (no password). */
  pooledTarget: string;
  directTarget: string;
  /** single-role (both URLs one role) or two-role (the database enforces tenant isolation too). */
  roles: RoleMode;
  /** Present when DATABASE_URL is a PgBouncer whose console we may read. */
  pgbouncer: PgbouncerReport | null;
  /** Why there is no PgBouncer section (not PgBouncer, no console access, unreachable). */
  pgbouncerNote: string | null;
  postgres: PostgresReport | null;
  postgresError: string | null;
}

const POOL_COLUMNS = ['database', 'user', 'cl_active', 'cl_waiting', 'sv_active', 'sv_idle', 'sv_used', 'sv_login', 'maxwait', 'pool_mode'];
const STATS_COLUMNS = [
  'database',
  'total_xact_count',
  'total_query_count',
  'total_wait_time',
  'avg_xact_count',
  'avg_xact_time',
  'avg_query_time',
  'avg_wait_time',
];
const SETTINGS = [
  'pool_mode',
  'default_pool_size',
  'min_pool_size',
  'reserve_pool_size',
  'max_db_connections',
  'max_client_conn',
  'query_wait_timeout',
  'server_idle_timeout',
];

/** user@host:port/database of a connection URL; the password (and query string) never leave here. */
export function describeUrl(raw: string): string {
  try {
    const u = new URL(raw);
    const user = u.username ? `${decodeURIComponent(u.username)}@` : '';
    return `${user}${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname || '/'}`;
  } catch {
    return '(unparseable connection URL)';
  }
}

/** The same URL pointing at the `pgbouncer` admin database. */
export function consoleUrl(raw: string): string {
  const u = new URL(raw);
  u.pathname = '/pgbouncer';
  return u.toString();
}

/** Runs simple-protocol queries (no parameters: the console refuses the extended protocol) on one short-lived connection. */
async function withClient<T>(connectionString: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, query_timeout: QUERY_TIMEOUT_MS });
  // A bad packet or a dropped connection must not take the server process down.
  client.on('error', () => undefined);
  try {
    await client.connect();
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function table(res: pg.QueryResult, wanted: string[]): Table {
  const names = res.fields.map((f) => f.name);
  const columns = wanted.filter((c) => names.includes(c));
  const cols = columns.length ? columns : names;
  return {
    columns: cols,
    rows: res.rows.map((r: Record<string, unknown>) => Object.fromEntries(cols.map((c) => [c, r[c] == null ? '' : String(r[c])]))),
  };
}

function errText(err: unknown): { code?: string; message: string } {
  const e = err as { code?: string; message?: string } | null;
  return { code: e?.code, message: e?.message ?? String(err) };
}

/** Why the console could not be read, as a sentence (never the raw URL). */
export function explainConsoleError(err: unknown): string {
  const { code, message } = errText(err);
  // PostgreSQL itself answers "database "pgbouncer" does not exist": no PgBouncer in front.
  if (code === '3D000' || /database "pgbouncer" does not exist/i.test(message))
    return 'DATABASE_URL points straight at PostgreSQL: there is no PgBouncer in front of the app.';
  if (/not allowed|admin_users|stats_users/i.test(message) || code === '28000' || code === '28P01') {
    return 'PgBouncer is in front of the app, but the application role may not read its admin console (add it to stats_users).';
  }
  if (/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|timeout/i.test(`${code ?? ''} ${message}`))
    return 'The database server behind DATABASE_URL could not be reached.';
  return `The PgBouncer admin console could not be read (${message.slice(0, 200).replace(/postgres(ql)?:\/\/\S+/gi, '[url]')}).`;
}

export async function readPgbouncer(url: string): Promise<PgbouncerReport> {
  return withClient(consoleUrl(url), async (c) => {
    const version = await c.query('SHOW VERSION').then(
      (r) => (r.rows[0] ? String(Object.values(r.rows[0] as Record<string, unknown>)[0]) : null),
      () => null,
    );
    const pools = await c.query('SHOW POOLS');
    const stats = await c.query('SHOW STATS');
    const config = await c.query('SHOW CONFIG').catch(() => null);
    const settings = (config?.rows ?? [])
      .map((r: Record<string, unknown>) => ({ key: String(r.key), value: String(r.value ?? '') }))
      .filter((s) => SETTINGS.includes(s.key))
      .sort((a, b) => SETTINGS.indexOf(a.key) - SETTINGS.indexOf(b.key));
    return {
      target: describeUrl(consoleUrl(url)),
      version,
      settings,
      pools: table(pools, POOL_COLUMNS),
      stats: table(stats, STATS_COLUMNS),
    };
  });
}

export async function readPostgres(url: string): Promise<PostgresReport> {
  return withClient(url, async (c) => {
    const max = await c.query(`select current_setting('max_connections')::int as n`);
    const byState = await c.query(
      `select coalesce(state, 'background or other role') as state, count(*)::int as n
         from pg_stat_activity where datname = current_database() group by 1 order by 2 desc, 1`,
    );
    const byApp = await c.query(
      `select coalesce(nullif(application_name, ''), '(none)') as application, coalesce(usename, '') as "user",
              coalesce(state, 'background or other role') as state, count(*)::int as n
         from pg_stat_activity where datname = current_database() group by 1, 2, 3 order by 4 desc, 1, 2, 3 limit 50`,
    );
    const states = byState.rows.map((r: { state: string; n: number }) => ({ state: r.state, count: r.n }));
    return {
      target: describeUrl(url),
      maxConnections: max.rows[0]?.n ?? null,
      total: states.reduce((s, r) => s + r.count, 0),
      byState: states,
      byApplication: byApp.rows.map((r: { application: string; user: string; state: string; n: number }) => ({
        application: r.application,
        user: r.user,
        state: r.state,
        count: r.n,
      })),
    };
  });
}

/** Both sections; each failure becomes a sentence, the page always renders. */
export async function poolReport(): Promise<PoolReport> {
  const pooled = pooledUrl();
  const direct = directUrl();
  const [bouncer, postgres] = await Promise.allSettled([readPgbouncer(pooled), readPostgres(direct)]);
  return {
    pooledTarget: describeUrl(pooled),
    directTarget: describeUrl(direct),
    roles: roleMode(),
    pgbouncer: bouncer.status === 'fulfilled' ? bouncer.value : null,
    pgbouncerNote: bouncer.status === 'rejected' ? explainConsoleError(bouncer.reason) : null,
    postgres: postgres.status === 'fulfilled' ? postgres.value : null,
    postgresError: postgres.status === 'rejected' ? 'PostgreSQL could not be queried for its connections right now.' : null,
  };
}
