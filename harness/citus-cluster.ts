/**
 * Throwaway Citus cluster for tests and benches: a coordinator and two workers (Citus 13.2.2 on
 * PostgreSQL 15, schema-based sharding on), started with ../shared/citus/start-cluster.sh and
 * create-db.sh, and PgBouncer in transaction mode in front of the coordinator. Same `Cluster`
 * shape and `cluster.json` as ./cluster.ts, so env.ts, app-server.ts and the PgBouncer
 * fault-injection helpers work unchanged; the app reaches the workers only through the coordinator.
 *
 * The nodes use trust auth on loopback (that is what the shared scripts set up); PgBouncer still
 * checks the application role's SCRAM password.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import {
  bouncerIni,
  bouncerStart,
  bouncerStop,
  findPgbouncerBin,
  findPostgresBinDir,
  findRepoRoot,
  isRoot,
  writeOwned,
  type Cluster,
  type ClusterState,
} from './cluster';

export interface CitusCluster extends Cluster {
  /** The workers as Citus knows them ("localhost:PORT"), in port order. */
  workers: string[];
}

const DIR_PREFIX = 'citus-';
const DB = 'quorum';
const ROLE = 'quorum';

/** ../shared/citus beside the repository (CI clones the repo next to ../shared), or $CITUS_SHARED_DIR. */
export function citusScriptsDir(): string {
  const candidates = [process.env.CITUS_SHARED_DIR ?? ''].filter(Boolean);
  for (let dir = findRepoRoot(), i = 0; i < 4; i++, dir = path.dirname(dir)) candidates.push(path.join(dir, '..', 'shared', 'citus'));
  const found = candidates.find((c) => fs.existsSync(path.join(c, 'start-cluster.sh')));
  if (!found) throw new Error(`../shared/citus not found (looked in ${candidates.join(', ')}); set CITUS_SHARED_DIR`);
  return path.resolve(found);
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** A base port with base, base+1 and base+2 (plus base+3 for PgBouncer) free. */
async function freePortBase(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const base = 20_000 + 4 * Math.floor(Math.random() * 7_000);
    const free = await Promise.all([0, 1, 2, 3].map((d) => portFree(base + d)));
    if (free.every(Boolean)) return base;
  }
  throw new Error('no four consecutive free ports found for a Citus cluster');
}

function script(name: string, args: string[], timeoutMs = 120_000): string {
  const r = spawnSync('bash', [path.join(citusScriptsDir(), name), ...args], { encoding: 'utf8', timeout: timeoutMs });
  if (r.status !== 0) {
    // The cluster directory is removed on failure: keep the node logs' last lines in the error.
    const logs = /see (\S+\.log)/.exec(r.stderr ?? '')?.[1];
    const tail = logs && fs.existsSync(logs) ? `\n--- ${logs} ---\n${fs.readFileSync(logs, 'utf8').split('\n').slice(-15).join('\n')}` : '';
    throw new Error(`${name} ${args.join(' ')} failed (exit ${r.status}): ${r.stderr || r.stdout}${tail}`);
  }
  return r.stdout;
}

const live = new Set<string>();
let handlersInstalled = false;

function destroySync(dir: string): void {
  try {
    const state = JSON.parse(fs.readFileSync(path.join(dir, 'cluster.json'), 'utf8')) as ClusterState;
    const pid = Number(fs.readFileSync(state.bouncerPidFile ?? '', 'utf8').trim());
    if (pid > 0) process.kill(pid, 'SIGKILL');
  } catch {
    // no PgBouncer running
  }
  // Immediate shutdown (a throwaway cluster; stop-cluster.sh's fast mode could outlast a busy
  // machine's timeout and leave a node writing while its directory is removed).
  for (const node of ['worker2', 'worker1', 'coordinator']) {
    const data = path.join(dir, 'nodes', node);
    if (!fs.existsSync(path.join(data, 'postmaster.pid'))) continue;
    spawnSync(
      'runuser',
      ['-u', 'postgres', '--', path.join(findPostgresBinDir(), 'pg_ctl'), 'stop', '-D', data, '-m', 'immediate', '-w', '-t', '60'],
      {
        stdio: 'ignore',
        timeout: 90_000,
      },
    );
  }
  fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  live.delete(dir);
}

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', () => [...live].forEach(destroySync));
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const handler = () => {
      [...live].forEach(destroySync);
      process.removeListener(sig, handler);
      if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
    };
    process.on(sig, handler);
  }
}

/** Removes Citus clusters whose owning process died without cleaning up. */
function sweepStale(tmpRoot: string): void {
  for (const name of fs.existsSync(tmpRoot) ? fs.readdirSync(tmpRoot) : []) {
    if (!name.startsWith(DIR_PREFIX)) continue;
    const dir = path.join(tmpRoot, name);
    const ownerFile = path.join(dir, 'owner.pid');
    if (!fs.existsSync(ownerFile)) continue; // not one of ours
    const owner = Number(fs.readFileSync(ownerFile, 'utf8'));
    let alive = false;
    try {
      process.kill(owner, 0);
      alive = owner > 0;
    } catch {
      alive = false;
    }
    if (!alive) destroySync(dir);
  }
}

/**
 * Lets the app role read citus_stat_tenants (superuser-only by default). The view fans out to
 * every node, so each node needs the grants (README: "Citus").
 */
export async function grantTenantStats(superuserUrl: string, role: string): Promise<void> {
  const c = new pg.Client({ connectionString: superuserUrl });
  c.on('error', () => undefined);
  await c.connect();
  try {
    for (const fn of ['citus_stat_tenants', 'citus_stat_tenants_local', 'citus_stat_tenants_local_internal']) {
      await c.query(`grant execute on function ${fn} to ${role}`);
    }
    await c.query(`grant select on citus_stat_tenants, citus_stat_tenants_local to ${role}`);
  } finally {
    await c.end();
  }
}

export async function startCitusCluster(
  opts: {
    poolSize?: number;
    baseDir?: string;
    verbose?: boolean;
    /** Extra `[pgbouncer]` settings. */ pgbouncerSettings?: Record<string, string | number>;
    /** Extra PgBouncer databases, aliases of the coordinator's (DATABASE_AFFINITY), e.g. `{ quorum_w0: 'pool_size=2' }`. */
    pgbouncerAliases?: Record<string, string>;
  } = {},
): Promise<CitusCluster> {
  const t0 = Date.now();
  if (!isRoot()) throw new Error('the Citus test cluster needs root (start-cluster.sh runs the nodes as the postgres OS user)');
  const pgbouncerBin = findPgbouncerBin();
  if (!pgbouncerBin) throw new Error('the Citus test cluster needs pgbouncer (apt-get install -y pgbouncer)');
  const poolSize = opts.poolSize ?? 4;
  const tmpRoot = path.join(opts.baseDir ?? findRepoRoot(), '.tmp');
  fs.mkdirSync(tmpRoot, { recursive: true });
  sweepStale(tmpRoot);
  const dir = fs.mkdtempSync(path.join(tmpRoot, DIR_PREFIX));
  fs.chmodSync(dir, 0o755);
  fs.writeFileSync(path.join(dir, 'owner.pid'), `${process.pid}\n`);
  // PgBouncer runs as postgres and writes its pid file here.
  spawnSync('chown', ['postgres:postgres', dir]);
  installHandlers();
  live.add(dir);
  try {
    const base = await freePortBase();
    const appPw = randomBytes(18).toString('hex');
    const tNodes = Date.now();
    script('start-cluster.sh', [String(base), path.join(dir, 'nodes')]);
    const tDb = Date.now();
    script('create-db.sh', [String(base), DB, ROLE, appPw]);
    const timings = `nodes ${tDb - tNodes} ms, database ${Date.now() - tDb} ms`;
    const url = (user: string, pw: string | null, port: number, db: string) =>
      `postgres://${user}${pw ? `:${encodeURIComponent(pw)}` : ''}@127.0.0.1:${port}/${db}`;
    const superuserUrl = url('postgres', null, base, DB);
    const directUrl = url(ROLE, appPw, base, DB);

    const admin = new pg.Client({ connectionString: superuserUrl });
    admin.on('error', () => undefined);
    await admin.connect();
    let secret: string;
    let workers: string[];
    try {
      secret = (await admin.query<{ p: string }>('select rolpassword as p from pg_authid where rolname = $1', [ROLE])).rows[0].p;
      workers = (
        await admin.query<{ w: string }>(
          "select node_name || ':' || node_port as w from citus_get_active_worker_nodes() order by node_port",
        )
      ).rows.map((r) => r.w);
      // Per-tenant activity (citus_stat_tenants) is off by default; the admin shows it.
      await admin.query(`alter database ${DB} set citus.stat_tenants_track = 'all'`);
    } finally {
      await admin.end();
    }
    for (const port of [base, base + 1, base + 2]) await grantTenantStats(url('postgres', null, port, DB), ROLE);

    const bouncerPort = base + 3;
    const state: ClusterState = {
      version: 1,
      ownerPid: process.pid,
      binDir: findPostgresBinDir(),
      pgbouncerBin,
      runAsPostgres: true,
      dataDir: path.join(dir, 'nodes', 'coordinator'),
      pgLog: path.join(dir, 'nodes', 'coordinator.log'),
      pgPort: base,
      bouncerPort,
      bouncerIni: path.join(dir, 'pgbouncer.ini'),
      bouncerPidFile: path.join(dir, 'pgbouncer.pid'),
      bouncerLog: path.join(dir, 'pgbouncer.log'),
      pgbouncerAdminUrl: url(ROLE, appPw, bouncerPort, 'pgbouncer'),
      pooledUrl: url(ROLE, appPw, bouncerPort, DB),
      directUrl,
      superuserUrl,
      poolSize,
    };
    fs.writeFileSync(path.join(dir, 'cluster.json'), JSON.stringify(state, null, 2) + '\n', { mode: 0o600 });
    writeOwned(path.join(dir, 'userlist.txt'), `"${ROLE}" "${secret}"\n`, 0o600, true);
    writeOwned(state.bouncerLog!, '', 0o644, true);
    writeOwned(
      state.bouncerIni!,
      bouncerIni({ dir, pgPort: base, bouncerPort, poolSize, extra: opts.pgbouncerSettings ?? {}, aliases: opts.pgbouncerAliases }),
      0o644,
      true,
    );
    await bouncerStart(state);

    if (opts.verbose ?? process.env.QUORUM_HARNESS_VERBOSE === '1') {
      console.log(
        `[harness] citus ${dir}: coordinator ${base}, workers ${workers.join(' ')}, pgbouncer ${bouncerPort}; ${timings}, total ${Date.now() - t0} ms`,
      );
    }
    let stopping: Promise<void> | null = null;
    return {
      directUrl,
      pooledUrl: state.pooledUrl,
      // No request-only role on the Citus cluster: two-role mode is tested on plain PostgreSQL.
      requestPooledUrl: null,
      requestDirectUrl: directUrl,
      pgbouncerAdminUrl: state.pgbouncerAdminUrl,
      poolSize,
      dir,
      superuserUrl,
      pgPort: base,
      bouncerPort,
      workers,
      stop() {
        stopping ??= (async () => {
          await bouncerStop(state, 'SIGTERM').catch(() => undefined);
          destroySync(dir);
        })();
        return stopping;
      },
    };
  } catch (err) {
    destroySync(dir);
    throw err;
  }
}
