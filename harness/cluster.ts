/**
 * Throwaway PostgreSQL (+ PgBouncer in transaction pooling mode) for tests, Playwright and benches.
 *
 * Usable from vitest globalSetup, Playwright globalSetup and scripts run with tsx. It deliberately
 * avoids `import.meta` and `__dirname` (Playwright compiles TS to CommonJS, vitest to ESM) and does
 * not import vitest.
 *
 * Everything a later process needs (ports, binaries, paths) is written to `<dir>/cluster.json`, so
 * the fault-injection helpers (`stopPgBouncer`, `restartPostgres`, …) work from any process that
 * knows the cluster directory — e.g. a vitest worker that received the URLs through `inject()`.
 */
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';

export interface Cluster {
  /** postgres://quorum:…@127.0.0.1:<pg>/quorum — straight to PostgreSQL (DDL, migrations, LISTEN). */
  directUrl: string;
  /** postgres://quorum:…@127.0.0.1:<bouncer>/quorum — through PgBouncer; null when pgbouncer is missing. */
  pooledUrl: string | null;
  /**
   * postgres://quorum_req:…@127.0.0.1:<bouncer>/quorum — the same PgBouncer as the second, request-only
   * role (LOGIN NOINHERIT, no privileges of its own) for tests of two-role mode; null without pgbouncer.
   */
  requestPooledUrl: string | null;
  /** postgres://quorum_req:…@127.0.0.1:<pg>/quorum — the request role straight to PostgreSQL. */
  requestDirectUrl: string;
  /** postgres://quorum:…@127.0.0.1:<bouncer>/pgbouncer — PgBouncer admin console (simple protocol only). */
  pgbouncerAdminUrl: string | null;
  /** PgBouncer default_pool_size. */
  poolSize: number;
  /** Cluster directory (data dir, logs, pgbouncer config, cluster.json). */
  dir: string;
  /** postgres://postgres:…@127.0.0.1:<pg>/quorum — superuser, direct. For test setup only. */
  superuserUrl: string;
  pgPort: number;
  bouncerPort: number | null;
  /** Stops PgBouncer and PostgreSQL and deletes `dir`. Idempotent. */
  stop(): Promise<void>;
}

export interface StartClusterOptions {
  /** PgBouncer default_pool_size (default 4). */
  poolSize?: number;
  /** Throw when the pgbouncer binary is missing (always the case when CI=true). */
  requirePgbouncer?: boolean;
  /** Fixed PostgreSQL port (default: a free one). */
  pgPort?: number;
  /** Fixed PgBouncer port (default: a free one). */
  bouncerPort?: number;
  /** PostgreSQL max_connections (default 200). */
  maxConnections?: number;
  /** Extra `[pgbouncer]` settings, e.g. `{ query_wait_timeout: 5 }`. */
  pgbouncerSettings?: Record<string, string | number>;
  /**
   * Extra PgBouncer databases that are aliases of the test database (for DATABASE_AFFINITY), each
   * with its own per-database settings, e.g. `{ quorum_a0: 'pool_size=2 max_db_connections=3' }`.
   */
  pgbouncerAliases?: Record<string, string>;
  /** Extra postgresql.conf settings, e.g. `{ log_min_duration_statement: 0 }`. */
  postgresSettings?: Record<string, string | number>;
  /** Directory under which `.tmp/` is created (default: the repository root found from cwd). */
  baseDir?: string;
  /** Print timings and paths (default: false, or QUORUM_HARNESS_VERBOSE=1). */
  verbose?: boolean;
}

/** Anything that names a harness cluster directory: a Cluster, a TestDbEnv, or `{ dir }`. */
export interface ClusterRef {
  dir: string;
}

/** Persisted in `<dir>/cluster.json`. */
export interface ClusterState {
  version: 1;
  ownerPid: number;
  binDir: string;
  pgbouncerBin: string | null;
  runAsPostgres: boolean;
  dataDir: string;
  pgLog: string;
  pgPort: number;
  bouncerPort: number | null;
  bouncerIni: string | null;
  bouncerPidFile: string | null;
  bouncerLog: string | null;
  pgbouncerAdminUrl: string | null;
  pooledUrl: string | null;
  directUrl: string;
  requestPooledUrl?: string | null;
  requestDirectUrl?: string;
  superuserUrl: string;
  poolSize: number;
}

const DIR_PREFIX = 'pgcluster-';
const STATE_FILE = 'cluster.json';
const DB_NAME = 'quorum';
const APP_ROLE = 'quorum';
// The request-only role of two-role mode (issue 12): NOINHERIT, so its memberships in tenant roles
// give it nothing until a transaction does SET LOCAL ROLE. Created in every cluster; the default
// URLs stay single-role (both `quorum`), tests of two-role mode point DATABASE_URL at it.
const REQUEST_ROLE = 'quorum_req';
const SUPERUSER = 'postgres';
const OS_USER = 'postgres';

// ---------------------------------------------------------------------------------------------
// Binaries and paths
// ---------------------------------------------------------------------------------------------

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function hasServerBinaries(dir: string): boolean {
  return ['initdb', 'pg_ctl', 'postgres'].every((b) => isExecutable(path.join(dir, b)));
}

/** Finds a bin directory with initdb/pg_ctl/postgres: $PG_BINDIR, `pg_config --bindir`, /usr/lib/postgresql/15/bin. */
export function findPostgresBinDir(): string {
  const candidates: string[] = [];
  if (process.env.PG_BINDIR) candidates.push(process.env.PG_BINDIR);
  try {
    const out = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (out) candidates.push(out);
  } catch {
    // pg_config not installed: fall through.
  }
  candidates.push('/usr/lib/postgresql/15/bin');
  for (const c of candidates) if (hasServerBinaries(c)) return c;
  throw new Error(
    `PostgreSQL server binaries not found (looked in ${candidates.join(', ')}). ` +
      'Install postgresql-15 (apt-get install -y postgresql-15) or set PG_BINDIR to a directory containing initdb, pg_ctl and postgres.',
  );
}

/**
 * $PGBOUNCER_BIN if set (an empty value means "pretend it is not installed"), else /usr/sbin/pgbouncer
 * or pgbouncer on PATH; null when absent.
 */
export function findPgbouncerBin(): string | null {
  const override = process.env.PGBOUNCER_BIN;
  if (override !== undefined) return override !== '' && isExecutable(override) ? override : null;
  const candidates = ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer', '/usr/local/bin/pgbouncer'];
  for (const p of (process.env.PATH ?? '').split(path.delimiter)) if (p) candidates.push(path.join(p, 'pgbouncer'));
  return candidates.find(isExecutable) ?? null;
}

/** Nearest ancestor of cwd holding a package.json (the repository root when run via npm/vitest/playwright/tsx). */
export function findRepoRoot(start: string = process.cwd()): string {
  let dir = path.resolve(start);
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(start);
    dir = parent;
  }
}

interface OsUser {
  uid: number;
  gid: number;
}

function lookupOsUser(name: string): OsUser {
  const passwd = fs.readFileSync('/etc/passwd', 'utf8');
  for (const line of passwd.split('\n')) {
    const f = line.split(':');
    if (f[0] === name && f.length >= 4) return { uid: Number(f[2]), gid: Number(f[3]) };
  }
  throw new Error(
    `Running as root, but there is no '${name}' OS user to run PostgreSQL/PgBouncer as (both refuse to run as root). ` +
      `Create it (apt-get install -y postgresql-15 does) or run the tests as a regular user.`,
  );
}

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function chownTree(target: string, user: OsUser): void {
  fs.chownSync(target, user.uid, user.gid);
  if (fs.statSync(target).isDirectory()) {
    for (const entry of fs.readdirSync(target)) chownTree(path.join(target, entry), user);
  }
}

/** Writes a file that the server processes (running as `postgres` when we are root) can read. */
export function writeOwned(file: string, content: string, mode: number, runAsPostgres: boolean): void {
  fs.writeFileSync(file, content, { mode });
  fs.chmodSync(file, mode);
  if (runAsPostgres) {
    const u = lookupOsUser(OS_USER);
    fs.chownSync(file, u.uid, u.gid);
  }
}

// ---------------------------------------------------------------------------------------------
// Processes
// ---------------------------------------------------------------------------------------------

interface RunResult {
  code: number | null;
  output: string;
}

/**
 * Runs a command (as the postgres OS user when we are root). stdout/stderr go to a file rather than
 * pipes so daemonising children (pg_ctl's postmaster, pgbouncer -d) can never keep us waiting.
 */
async function run(
  state: Pick<ClusterState, 'runAsPostgres'>,
  outFile: string,
  cmd: string,
  args: string[],
  timeoutMs = 60_000,
): Promise<RunResult> {
  const [file, argv] = asServerUser(state.runAsPostgres, cmd, args);
  const fd = fs.openSync(outFile, 'w');
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(file, argv, { stdio: ['ignore', fd, fd], env: serverEnv() });
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`${path.basename(cmd)} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      child.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      child.once('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    const output = fs.readFileSync(outFile, 'utf8');
    return { code, output };
  } finally {
    fs.closeSync(fd);
  }
}

/** Environment for server processes: drop libpq variables that could redirect pg_ctl or the servers. */
function serverEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LC_ALL: 'C.UTF-8' };
  for (const k of Object.keys(env)) if (k.startsWith('PG')) delete env[k];
  return env;
}

/** [file, argv] for running `cmd` as the postgres OS user when we are root. */
function asServerUser(runAsPostgres: boolean, cmd: string, args: string[]): [string, string[]] {
  return runAsPostgres ? ['runuser', ['-u', OS_USER, '--', cmd, ...args]] : [cmd, args];
}

function runSync(state: Pick<ClusterState, 'runAsPostgres'>, cmd: string, args: string[], timeoutMs = 15_000): void {
  const [file, argv] = asServerUser(state.runAsPostgres, cmd, args);
  spawnSync(file, argv, { stdio: 'ignore', timeout: timeoutMs, env: serverEnv() });
}

/** True if the process exists and is not a zombie (daemons are reparented to a PID 1 that may reap late). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Format: "pid (comm) S ..."; comm may contain spaces/parens, so split after the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    // No procfs (non-Linux): trust kill(0).
    return process.platform !== 'linux';
  }
}

function readPid(file: string | null): number | null {
  if (!file) return null;
  try {
    const pid = Number.parseInt(fs.readFileSync(file, 'utf8').split('\n')[0]?.trim() ?? '', 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function waitFor(cond: () => boolean, timeoutMs: number, intervalMs = 25): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (cond()) return true;
    await sleep(intervalMs);
  }
  return cond();
}

function tail(file: string | null, lines = 30): string {
  if (!file) return '(no log)';
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n') || '(empty log)';
  } catch {
    return `(cannot read ${file})`;
  }
}

export async function freePort(exclude: ReadonlySet<number> = new Set()): Promise<number> {
  for (let i = 0; i < 20; i++) {
    const port = await new Promise<number>((resolve, reject) => {
      const srv = net.createServer();
      srv.unref();
      srv.once('error', reject);
      srv.listen(0, '127.0.0.1', () => {
        const addr = srv.address();
        const p = typeof addr === 'object' && addr ? addr.port : 0;
        srv.close(() => resolve(p));
      });
    });
    if (port && !exclude.has(port)) return port;
  }
  throw new Error('could not find a free TCP port');
}

// ---------------------------------------------------------------------------------------------
// Cleanup on exit (a crashed or interrupted run must not leave servers behind)
// ---------------------------------------------------------------------------------------------

const liveDirs = new Set<string>();
let exitHandlersInstalled = false;

function installExitHandlers(): void {
  if (exitHandlersInstalled) return;
  exitHandlersInstalled = true;
  process.on('exit', () => {
    for (const dir of liveDirs) destroySync(dir);
    liveDirs.clear();
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const handler = () => {
      for (const dir of liveDirs) destroySync(dir);
      liveDirs.clear();
      process.removeListener(sig, handler);
      // If nobody else handles the signal, restore the default behaviour (terminate).
      if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
    };
    process.on(sig, handler);
  }
}

function readState(dir: string): ClusterState {
  const file = path.join(dir, STATE_FILE);
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch {
    throw new Error(`${dir} is not a running harness cluster (no ${STATE_FILE}); was it stopped already?`);
  }
  return JSON.parse(raw) as ClusterState;
}

/** Synchronous best-effort teardown (exit handlers, stale-dir sweep). */
function destroySync(dir: string): void {
  let state: ClusterState | null = null;
  try {
    state = readState(dir);
  } catch {
    state = null;
  }
  if (state) {
    const bpid = readPid(state.bouncerPidFile);
    if (bpid && isAlive(bpid)) {
      try {
        process.kill(bpid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    if (fs.existsSync(path.join(state.dataDir, 'postmaster.pid'))) {
      runSync(state, path.join(state.binDir, 'pg_ctl'), ['stop', '-D', state.dataDir, '-m', 'immediate', '-w', '-t', '10']);
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Removes clusters left behind by harness processes that died without cleaning up. */
function sweepStale(tmpRoot: string): void {
  let entries: string[];
  try {
    entries = fs.readdirSync(tmpRoot);
  } catch {
    return;
  }
  for (const name of entries) {
    if (!name.startsWith(DIR_PREFIX)) continue;
    const dir = path.join(tmpRoot, name);
    const owner = readPid(path.join(dir, 'owner.pid'));
    if (owner !== null && !isAlive(owner)) {
      try {
        destroySync(dir);
      } catch {
        // best effort
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL
// ---------------------------------------------------------------------------------------------

async function pgCtlStart(state: ClusterState): Promise<void> {
  const out = path.join(path.dirname(state.dataDir), 'pg_ctl.out');
  const res = await run(state, out, path.join(state.binDir, 'pg_ctl'), ['start', '-D', state.dataDir, '-l', state.pgLog, '-w', '-t', '30']);
  if (res.code !== 0) {
    throw new Error(
      `PostgreSQL failed to start on 127.0.0.1:${state.pgPort} (pg_ctl exit ${res.code}).\n` +
        `pg_ctl: ${res.output.trim()}\n--- ${state.pgLog} (tail) ---\n${tail(state.pgLog)}`,
    );
  }
}

async function pgCtlStop(state: ClusterState, mode: 'smart' | 'fast' | 'immediate'): Promise<void> {
  if (!fs.existsSync(path.join(state.dataDir, 'postmaster.pid'))) return;
  const out = path.join(path.dirname(state.dataDir), 'pg_ctl.out');
  const res = await run(state, out, path.join(state.binDir, 'pg_ctl'), ['stop', '-D', state.dataDir, '-m', mode, '-w', '-t', '30']);
  if (res.code !== 0 && fs.existsSync(path.join(state.dataDir, 'postmaster.pid'))) {
    throw new Error(`pg_ctl stop -m ${mode} failed (exit ${res.code}): ${res.output.trim()}\n${tail(state.pgLog)}`);
  }
}

function pgSettings(opts: {
  port: number;
  sockDir: string | null;
  maxConnections: number;
  extra: Record<string, string | number>;
}): string {
  const quote = (v: string | number) => (typeof v === 'number' ? String(v) : `'${v.replace(/'/g, "''")}'`);
  const settings: Record<string, string | number> = {
    listen_addresses: '127.0.0.1',
    port: opts.port,
    unix_socket_directories: opts.sockDir ?? '',
    max_connections: opts.maxConnections,
    // Throwaway cluster: durability off for speed.
    fsync: 'off',
    synchronous_commit: 'off',
    full_page_writes: 'off',
    // Many tenant schemas can be created/dropped in one transaction.
    max_locks_per_transaction: 256,
    timezone: 'UTC',
    log_timezone: 'UTC',
    log_line_prefix: '%m [%p] %q%u@%d ',
    ...opts.extra,
  };
  const lines = Object.entries(settings).map(
    ([k, v]) =>
      // Booleans written as bare words read better in the log; everything else quoted/numeric.
      `${k} = ${v === 'on' || v === 'off' ? v : quote(v)}`,
  );
  return `\n# --- quorum test harness ---\n${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// PgBouncer
// ---------------------------------------------------------------------------------------------

export async function bouncerStart(state: ClusterState): Promise<void> {
  if (!state.pgbouncerBin || !state.bouncerIni || !state.bouncerPidFile || !state.pgbouncerAdminUrl) {
    throw new Error('this cluster has no PgBouncer (the pgbouncer binary was missing when it started)');
  }
  const existing = readPid(state.bouncerPidFile);
  if (existing && isAlive(existing)) throw new Error(`PgBouncer is already running (pid ${existing})`);
  fs.rmSync(state.bouncerPidFile, { force: true });
  const out = path.join(path.dirname(state.bouncerIni), 'pgbouncer.out');
  const res = await run(state, out, state.pgbouncerBin, ['-d', state.bouncerIni], 15_000);
  if (res.code !== 0) {
    throw new Error(
      `PgBouncer failed to start (exit ${res.code}): ${res.output.trim()}\n--- ${state.bouncerLog} (tail) ---\n${tail(state.bouncerLog)}`,
    );
  }
  await waitForBouncer(state, 10_000);
}

/** Poll-connects to the admin console until PgBouncer answers `SHOW VERSION`. */
async function waitForBouncer(state: ClusterState, timeoutMs: number): Promise<void> {
  const started = Date.now();
  let lastError = 'no attempt';
  while (Date.now() - started < timeoutMs) {
    const client = new pg.Client({ connectionString: state.pgbouncerAdminUrl ?? undefined, connectionTimeoutMillis: 1000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SHOW VERSION');
      await client.end();
      return;
    } catch (err) {
      lastError = (err as Error).message;
      await client.end().catch(() => undefined);
      // The daemon died after forking (e.g. could not bind): no point in waiting the full timeout.
      const pid = readPid(state.bouncerPidFile);
      if (Date.now() - started > 1000 && (pid === null || !isAlive(pid))) break;
      await sleep(50);
    }
  }
  throw new Error(
    `PgBouncer did not answer on 127.0.0.1:${state.bouncerPort} within ${Date.now() - started} ms (last error: ${lastError}).\n` +
      `--- ${state.bouncerLog} (tail) ---\n${tail(state.bouncerLog)}`,
  );
}

export async function bouncerStop(state: ClusterState, signal: 'SIGTERM' | 'SIGINT' | 'SIGKILL'): Promise<void> {
  const pid = readPid(state.bouncerPidFile);
  if (pid === null || !isAlive(pid)) {
    if (state.bouncerPidFile) fs.rmSync(state.bouncerPidFile, { force: true });
    return;
  }
  process.kill(pid, signal);
  if (!(await waitFor(() => !isAlive(pid), 10_000))) {
    process.kill(pid, 'SIGKILL');
    await waitFor(() => !isAlive(pid), 5_000);
  }
  if (state.bouncerPidFile) fs.rmSync(state.bouncerPidFile, { force: true });
}

export function bouncerIni(opts: {
  dir: string;
  pgPort: number;
  bouncerPort: number;
  poolSize: number;
  extra: Record<string, string | number>;
  aliases?: Record<string, string>;
}): string {
  const settings: Record<string, string | number> = {
    listen_addr: '127.0.0.1',
    listen_port: opts.bouncerPort,
    unix_socket_dir: '',
    auth_type: 'scram-sha-256',
    auth_file: path.join(opts.dir, 'userlist.txt'),
    pool_mode: 'transaction',
    default_pool_size: opts.poolSize,
    min_pool_size: 0,
    reserve_pool_size: 0,
    max_client_conn: 2000,
    max_db_connections: 0,
    server_reset_query: '',
    ignore_startup_parameters: 'extra_float_digits,options',
    admin_users: APP_ROLE,
    stats_users: APP_ROLE,
    logfile: path.join(opts.dir, 'pgbouncer.log'),
    pidfile: path.join(opts.dir, 'pgbouncer.pid'),
    // Short enough that fault-injection tests recover quickly after a PostgreSQL restart.
    server_login_retry: 1,
    server_connect_timeout: 5,
    log_connections: 0,
    log_disconnections: 0,
    ...opts.extra,
  };
  const lines = Object.entries(settings).map(([k, v]) => `${k} = ${v}`);
  return [
    '; generated by harness/cluster.ts — throwaway test cluster',
    '[databases]',
    `${DB_NAME} = host=127.0.0.1 port=${opts.pgPort} dbname=${DB_NAME}`,
    ...Object.entries(opts.aliases ?? {}).map(([alias, more]) =>
      `${alias} = host=127.0.0.1 port=${opts.pgPort} dbname=${DB_NAME} ${more}`.trim(),
    ),
    '',
    '[pgbouncer]',
    ...lines,
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// startCluster
// ---------------------------------------------------------------------------------------------

function url(user: string, password: string, port: number, db: string): string {
  return `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/${db}`;
}

function isCi(): boolean {
  return process.env.CI === 'true';
}

function warnNoPgbouncer(): void {
  const bar = '!'.repeat(78);
  console.warn(
    [
      '',
      bar,
      '!!  WARNING: pgbouncer binary not found — tests run WITHOUT PgBouncer.',
      '!!  pooledUrl is null; DATABASE_URL falls back to the direct PostgreSQL URL, so',
      '!!  transaction-pooling bugs (session state leaking between tenants) go UNDETECTED.',
      '!!  Install it: apt-get install -y pgbouncer   (or set PGBOUNCER_BIN).',
      '!!  CI (CI=true) refuses to run without it.',
      bar,
      '',
    ].join('\n'),
  );
}

export async function startCluster(opts: StartClusterOptions = {}): Promise<Cluster> {
  const t0 = Date.now();
  const verbose = opts.verbose ?? process.env.QUORUM_HARNESS_VERBOSE === '1';
  const poolSize = opts.poolSize ?? 4;
  const maxConnections = opts.maxConnections ?? 200;
  const binDir = findPostgresBinDir();
  const pgbouncerBin = findPgbouncerBin();
  if (!pgbouncerBin) {
    if (opts.requirePgbouncer || isCi()) {
      throw new Error(
        'pgbouncer binary not found, and it is required ' +
          `(${opts.requirePgbouncer ? 'requirePgbouncer: true' : 'CI=true'}). Install it with ` +
          '`apt-get install -y pgbouncer` or point PGBOUNCER_BIN at it.',
      );
    }
    warnNoPgbouncer();
  }

  const runAsPostgres = isRoot();
  const osUser = runAsPostgres ? lookupOsUser(OS_USER) : null;

  const tmpRoot = path.join(opts.baseDir ?? findRepoRoot(), '.tmp');
  fs.mkdirSync(tmpRoot, { recursive: true, mode: 0o755 });
  sweepStale(tmpRoot);
  const dir = fs.mkdtempSync(path.join(tmpRoot, DIR_PREFIX));
  fs.chmodSync(dir, 0o755);
  fs.writeFileSync(path.join(dir, 'owner.pid'), `${process.pid}\n`);
  installExitHandlers();
  liveDirs.add(dir);

  try {
    const superPw = randomBytes(18).toString('hex');
    const appPw = randomBytes(18).toString('hex');
    const dataDir = path.join(dir, 'data');
    // Unix socket paths are limited to 107 bytes; skip the socket if the directory is too deep.
    const sockDir = path.join(dir, 'sock');
    const useSock = Buffer.byteLength(path.join(sockDir, '.s.PGSQL.65535')) < 100;
    if (useSock) fs.mkdirSync(sockDir, { mode: 0o700 });
    const pwFile = path.join(dir, 'superuser.pw');
    fs.writeFileSync(pwFile, `${superPw}\n`, { mode: 0o600 });
    if (osUser) chownTree(dir, osUser);

    const state: ClusterState = {
      version: 1,
      ownerPid: process.pid,
      binDir,
      pgbouncerBin,
      runAsPostgres,
      dataDir,
      pgLog: path.join(dir, 'postgres.log'),
      pgPort: 0,
      bouncerPort: null,
      bouncerIni: pgbouncerBin ? path.join(dir, 'pgbouncer.ini') : null,
      bouncerPidFile: pgbouncerBin ? path.join(dir, 'pgbouncer.pid') : null,
      bouncerLog: pgbouncerBin ? path.join(dir, 'pgbouncer.log') : null,
      pgbouncerAdminUrl: null,
      pooledUrl: null,
      directUrl: '',
      superuserUrl: '',
      poolSize,
    };
    const saveState = () => fs.writeFileSync(path.join(dir, STATE_FILE), JSON.stringify(state, null, 2) + '\n', { mode: 0o600 });

    const tInit = Date.now();
    const init = await run(state, path.join(dir, 'initdb.out'), path.join(binDir, 'initdb'), [
      '-D',
      dataDir,
      '-U',
      SUPERUSER,
      '--auth-local=trust',
      '--auth-host=scram-sha-256',
      `--pwfile=${pwFile}`,
      '-E',
      'UTF8',
      '--locale=C.UTF-8',
      '--no-sync',
      '--no-instructions',
    ]);
    fs.rmSync(pwFile, { force: true });
    if (init.code !== 0) throw new Error(`initdb failed (exit ${init.code}):\n${init.output}`);
    const initMs = Date.now() - tInit;

    const confFile = path.join(dataDir, 'postgresql.conf');
    writeOwned(state.pgLog, '', 0o644, runAsPostgres);

    // Start PostgreSQL; with an automatically chosen port, retry if someone grabbed it meanwhile.
    const baseConf = fs.readFileSync(confFile, 'utf8');
    const tStart = Date.now();
    for (let attempt = 1; ; attempt++) {
      state.pgPort = opts.pgPort ?? (await freePort());
      saveState();
      fs.writeFileSync(
        confFile,
        baseConf +
          pgSettings({
            port: state.pgPort,
            sockDir: useSock ? sockDir : null,
            maxConnections,
            extra: opts.postgresSettings ?? {},
          }),
      );
      try {
        await pgCtlStart(state);
        break;
      } catch (err) {
        const inUse = /address already in use|could not create any TCP\/IP sockets/i.test(tail(state.pgLog, 10));
        if (opts.pgPort !== undefined || !inUse || attempt >= 3) throw err;
      }
    }
    const pgStartMs = Date.now() - tStart;
    const pgPort = state.pgPort;

    const superuserUrl = url(SUPERUSER, superPw, pgPort, DB_NAME);
    const directUrl = url(APP_ROLE, appPw, pgPort, DB_NAME);
    state.directUrl = directUrl;
    state.requestDirectUrl = url(REQUEST_ROLE, appPw, pgPort, DB_NAME);
    state.superuserUrl = superuserUrl;
    saveState();

    // Role + database, and the SCRAM secret PgBouncer needs.
    let scramSecret: string;
    let requestSecret: string;
    {
      const admin = new pg.Client({ connectionString: url(SUPERUSER, superPw, pgPort, 'postgres') });
      admin.on('error', () => undefined);
      await admin.connect();
      try {
        // CREATEROLE: in two-role mode the owner creates, grants and drops the tenant roles.
        await admin.query(`CREATE ROLE ${APP_ROLE} LOGIN CREATEROLE PASSWORD '${appPw}'`);
        await admin.query(`CREATE ROLE ${REQUEST_ROLE} LOGIN NOINHERIT PASSWORD '${appPw}'`);
        await admin.query(`CREATE DATABASE ${DB_NAME} OWNER ${APP_ROLE}`);
        const r = await admin.query<{ rolpassword: string | null }>('SELECT rolpassword FROM pg_authid WHERE rolname = $1', [APP_ROLE]);
        const secret = r.rows[0]?.rolpassword;
        const rr = await admin.query<{ rolpassword: string }>('SELECT rolpassword FROM pg_authid WHERE rolname = $1', [REQUEST_ROLE]);
        requestSecret = rr.rows[0].rolpassword;
        if (!secret?.startsWith('SCRAM-SHA-256$')) {
          throw new Error(`expected a SCRAM secret for role ${APP_ROLE}, got ${secret ? secret.slice(0, 14) + '…' : 'null'}`);
        }
        scramSecret = secret;
      } finally {
        await admin.end();
      }
    }

    // PgBouncer; with an automatically chosen port, retry if someone grabbed it meanwhile.
    const tBouncer = Date.now();
    if (state.bouncerIni && state.bouncerLog) {
      writeOwned(
        path.join(dir, 'userlist.txt'),
        `"${APP_ROLE}" "${scramSecret}"\n"${REQUEST_ROLE}" "${requestSecret}"\n`,
        0o600,
        runAsPostgres,
      );
      writeOwned(state.bouncerLog, '', 0o644, runAsPostgres);
      for (let attempt = 1; ; attempt++) {
        const port = opts.bouncerPort ?? (await freePort(new Set([pgPort])));
        state.bouncerPort = port;
        state.pooledUrl = url(APP_ROLE, appPw, port, DB_NAME);
        state.requestPooledUrl = url(REQUEST_ROLE, appPw, port, DB_NAME);
        state.pgbouncerAdminUrl = url(APP_ROLE, appPw, port, 'pgbouncer');
        saveState();
        writeOwned(
          state.bouncerIni,
          bouncerIni({ dir, pgPort, bouncerPort: port, poolSize, extra: opts.pgbouncerSettings ?? {}, aliases: opts.pgbouncerAliases }),
          0o644,
          runAsPostgres,
        );
        try {
          await bouncerStart(state);
          break;
        } catch (err) {
          await bouncerStop(state, 'SIGKILL');
          const inUse = /address already in use/i.test(tail(state.bouncerLog, 10));
          if (opts.bouncerPort !== undefined || !inUse || attempt >= 3) throw err;
        }
      }
    }
    const { pooledUrl, pgbouncerAdminUrl, bouncerPort } = state;

    // End-to-end check: the application role reaches PostgreSQL directly and through PgBouncer.
    for (const u of [directUrl, pooledUrl]) {
      if (!u) continue;
      const c = new pg.Client({ connectionString: u, connectionTimeoutMillis: 5000 });
      c.on('error', () => undefined);
      try {
        await c.connect();
        await c.query('SELECT 1');
      } catch (err) {
        throw new Error(
          `harness self-check failed for the ${u === pooledUrl ? 'pooled' : 'direct'} URL: ${(err as Error).message}\n` +
            `--- postgres.log ---\n${tail(state.pgLog, 15)}\n--- pgbouncer.log ---\n${tail(state.bouncerLog, 15)}`,
        );
      } finally {
        await c.end().catch(() => undefined);
      }
    }
    const bouncerMs = Date.now() - tBouncer;

    let stopping: Promise<void> | null = null;
    const cluster: Cluster = {
      directUrl,
      pooledUrl,
      requestPooledUrl: state.requestPooledUrl ?? null,
      requestDirectUrl: state.requestDirectUrl ?? directUrl,
      pgbouncerAdminUrl,
      poolSize,
      dir,
      superuserUrl,
      pgPort,
      bouncerPort,
      stop() {
        stopping ??= destroy(dir);
        return stopping;
      },
    };
    if (verbose) {
      console.log(
        `[harness] cluster ${dir}: pg ${pgPort}${bouncerPort ? `, pgbouncer ${bouncerPort} (pool ${poolSize})` : ', NO pgbouncer'}; ` +
          `initdb ${initMs} ms, pg start ${pgStartMs} ms, role/db+bouncer+check ${bouncerMs + (tBouncer - tStart - pgStartMs)} ms, ` +
          `total ${Date.now() - t0} ms`,
      );
    }
    return cluster;
  } catch (err) {
    liveDirs.delete(dir);
    destroySync(dir);
    throw err;
  }
}

async function destroy(dir: string): Promise<void> {
  if (!fs.existsSync(dir)) {
    liveDirs.delete(dir);
    return;
  }
  try {
    const state = readState(dir);
    await bouncerStop(state, 'SIGTERM');
    await pgCtlStop(state, 'immediate');
  } catch {
    // Fall back to the synchronous, signal-based teardown below.
  }
  destroySync(dir);
  liveDirs.delete(dir);
}

// ---------------------------------------------------------------------------------------------
// Fault injection (work from any process that knows the cluster dir)
// ---------------------------------------------------------------------------------------------

/**
 * Stops PgBouncer. SIGTERM (default) = immediate shutdown, clients are cut off;
 * SIGINT = "safe" shutdown (waits for server connections to be released); SIGKILL = crash.
 */
export async function stopPgBouncer(ref: ClusterRef, signal: 'SIGTERM' | 'SIGINT' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
  await bouncerStop(readState(ref.dir), signal);
}

/** Starts PgBouncer again with the same config and port, and waits until it answers. */
export async function startPgBouncerAgain(ref: ClusterRef): Promise<void> {
  await bouncerStart(readState(ref.dir));
}

export async function restartPgBouncer(ref: ClusterRef, signal: 'SIGTERM' | 'SIGINT' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
  const state = readState(ref.dir);
  await bouncerStop(state, signal);
  await bouncerStart(state);
}

/**
 * Describes a cluster started by another process (e.g. a wrapper script) from its directory.
 * The returned `stop()` does nothing: the process that started the cluster owns its lifetime.
 */
export function attachCluster(dir: string): Cluster {
  const s = readState(path.resolve(dir));
  return {
    directUrl: s.directUrl,
    pooledUrl: s.pooledUrl,
    requestPooledUrl: s.requestPooledUrl ?? null,
    requestDirectUrl: s.requestDirectUrl ?? s.directUrl,
    pgbouncerAdminUrl: s.pgbouncerAdminUrl,
    poolSize: s.poolSize,
    dir: path.resolve(dir),
    superuserUrl: s.superuserUrl,
    pgPort: s.pgPort,
    bouncerPort: s.bouncerPort,
    stop: async () => undefined,
  };
}

/** PID of the running PgBouncer, or null. */
export function pgbouncerPid(ref: ClusterRef): number | null {
  const pid = readPid(readState(ref.dir).bouncerPidFile);
  return pid !== null && isAlive(pid) ? pid : null;
}

/** Stops PostgreSQL (same data dir and port stay reserved for startPostgres). Default mode: fast. */
export async function stopPostgres(ref: ClusterRef, mode: 'smart' | 'fast' | 'immediate' = 'fast'): Promise<void> {
  await pgCtlStop(readState(ref.dir), mode);
}

/** Starts PostgreSQL again on the same data dir and port (pg_ctl -w waits until it accepts connections). */
export async function startPostgres(ref: ClusterRef): Promise<void> {
  const state = readState(ref.dir);
  if (fs.existsSync(path.join(state.dataDir, 'postmaster.pid'))) {
    const pid = readPid(path.join(state.dataDir, 'postmaster.pid'));
    if (pid && isAlive(pid)) throw new Error(`PostgreSQL is already running (pid ${pid})`);
  }
  await pgCtlStart(state);
}

export async function restartPostgres(ref: ClusterRef, mode: 'smart' | 'fast' | 'immediate' = 'fast'): Promise<void> {
  const state = readState(ref.dir);
  await pgCtlStop(state, mode);
  await pgCtlStart(state);
}

/** PID of the postmaster, or null when PostgreSQL is stopped. */
export function postgresPid(ref: ClusterRef): number | null {
  const pid = readPid(path.join(readState(ref.dir).dataDir, 'postmaster.pid'));
  return pid !== null && isAlive(pid) ? pid : null;
}

/** Last lines of the PostgreSQL / PgBouncer logs (for assertion messages). */
export function clusterLogs(ref: ClusterRef, lines = 40): { postgres: string; pgbouncer: string } {
  const state = readState(ref.dir);
  return { postgres: tail(state.pgLog, lines), pgbouncer: tail(state.bouncerLog, lines) };
}
