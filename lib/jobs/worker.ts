import { Logger, run, runMigrations, type LogLevel, type Runner, type TaskList } from 'graphile-worker';
import pg from 'pg';
import { directUrl } from '@/lib/infra/db/pool';
import { log } from '@/lib/infra/log';
import { countJobRun } from '@/lib/infra/metrics';
import { jobConcurrency } from '@/lib/config/env';

// graphile-worker's log lines go to our pino logger (its levels: error, warning, info, debug).
// `quiet` turns its info lines into debug ones (schema installs from the CLI keep stdout clean).
// Once the process is shutting down (`quietWorkerLogs`), the database going away is expected:
// its connection errors are debug lines, not a screenful of errors after Ctrl-C.
let shuttingDown = false;

/** The process is stopping (e.g. Ctrl-C on `npm run dev`): the worker's errors from here on are expected. */
export function quietWorkerLogs(): void {
  shuttingDown = true;
}

const makeLogger = (quiet: boolean) =>
  new Logger((scope) => (level: LogLevel, message: string, meta?: unknown) => {
    const fields = { ...scope, ...(meta && typeof meta === 'object' ? meta : {}), component: 'worker' };
    const lvl = String(level);
    if (shuttingDown) log.debug({ component: 'worker' }, message);
    else if (lvl === 'error') log.error(fields, message);
    else if (lvl === 'warning') log.warn(fields, message);
    else if (lvl === 'info' && !quiet) log.info(fields, message);
    else log.debug(fields, message);
  });
const workerLogger = makeLogger(false);

/**
 * Creates or upgrades the graphile_worker schema (idempotent). Uses the direct connection:
 * graphile-worker's migrations take advisory locks, which PgBouncer's transaction pooling breaks.
 */
export async function installJobQueue(): Promise<void> {
  if (!(await keepQueueOnCoordinator())) {
    await runMigrations({ connectionString: directUrl(), logger: makeLogger(true) });
    return;
  }
  // Citus: the whole install with schema-based sharding off for its session (see below).
  const pgPool = new pg.Pool({ connectionString: directUrl(), max: 1, options: `-c ${CITUS_SHARDING}=off` });
  pgPool.on('error', () => undefined);
  pgPool.on('connect', (client) => client.on('error', () => undefined));
  try {
    await runMigrations({ pgPool, logger: makeLogger(true) });
  } finally {
    await pgPool.end();
  }
}

export const JOB_QUEUE_SCHEMA = 'graphile_worker';
const CITUS_SHARDING = 'citus.enable_schema_based_sharding';

/**
 * Citus with `citus.enable_schema_based_sharding = on` (README "Scale out on Citus"; issue 24):
 * a schema created (or, as graphile-worker does, `create schema if not exists`-ed while still
 * empty) in such a session becomes a distributed (tenant) schema, and graphile-worker's
 * migrations — one multi-statement query — are then forwarded to a worker and refused ("cannot
 * insert multiple commands into a prepared statement"). The queue is shared, not a tenant: it is
 * installed with sharding off for its session, so it stays a plain schema on the coordinator, and
 * a schema an earlier attempt distributed is undistributed first. Returns whether Citus is there.
 */
async function keepQueueOnCoordinator(): Promise<boolean> {
  const client = new pg.Client({ connectionString: directUrl() });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const citus = await client.query(`select 1 from pg_extension where extname = 'citus'`);
    if (citus.rowCount === 0) return false;
    await client.query(`set ${CITUS_SHARDING} to off`);
    const distributed = await client.query(
      `select 1 from pg_dist_schema s join pg_namespace n on n.oid = s.schemaid where n.nspname = $1`,
      [JOB_QUEUE_SCHEMA],
    );
    if (distributed.rowCount) await client.query('select citus_schema_undistribute($1::regnamespace)', [JOB_QUEUE_SCHEMA]);
    return true;
  } finally {
    await client.end();
  }
}

export interface WorkerOptions {
  /** Jobs run at the same time (default JOB_CONCURRENCY or 4). */
  concurrency?: number;
  /** Default: every task of lib/jobs/tasks. Tests pass their own. */
  taskList?: TaskList;
  /** How often to look for due jobs besides LISTEN (ms; default 1000). */
  pollInterval?: number;
  /** Recurring jobs. Default: lib/jobs/cron's CRONTAB with the default tasks, none with a taskList of one's own. */
  crontab?: string;
}

/**
 * Starts the job worker. The queue itself (fetching jobs, LISTEN for new ones, locks) runs on the
 * DIRECT connection; the jobs' own work goes through the pooled one (withTenant), like requests.
 */
export async function startWorker(opts: WorkerOptions = {}): Promise<Runner> {
  // The default task list and crontab are loaded only when the caller brings no task list of its own
  // (a test's in-process worker then loads neither, nor what they import).
  let taskList = opts.taskList;
  let crontab = opts.crontab ?? '';
  if (!taskList) {
    const cron = await import('./cron');
    taskList = { ...(await import('./tasks')).taskList, ...cron.cronTasks };
    crontab = opts.crontab ?? cron.CRONTAB;
  }
  // Our own pool, so a connection the server ends (PostgreSQL stopping, e.g. on Ctrl-C) is a log
  // line and not an unhandled 'error' event that kills the process with a stack trace.
  const concurrency = opts.concurrency ?? jobConcurrency();
  const pgPool = new pg.Pool({ connectionString: directUrl(), max: 10 }); // graphile-worker's default size
  const connectionFailed = (err: Error) => {
    if (shuttingDown) log.debug({ component: 'worker', err: err.message }, 'job queue connection ended');
    else log.warn({ component: 'worker', err: err.message }, 'job queue connection failed');
  };
  pgPool.on('error', connectionFailed);
  pgPool.on('connect', (client) => client.on('error', connectionFailed));
  const runner = await run({
    pgPool,
    concurrency,
    pollInterval: opts.pollInterval ?? 1000,
    noHandleSignals: true,
    crontab, // a string, never a crontab file to look for
    logger: workerLogger,
    taskList,
  }).catch(async (err: unknown) => {
    await pgPool.end().catch(() => undefined);
    throw err;
  });
  // Metrics (issue 25): every attempt, by task and outcome, in this process's registry.
  runner.events.on('job:success', ({ job }) => countJobRun(job.task_identifier, 'success'));
  runner.events.on('job:error', ({ job }) => countJobRun(job.task_identifier, job.attempts >= job.max_attempts ? 'failed' : 'error'));
  // graphile-worker leaves a pool it was given open: close it once the runner has stopped.
  void runner.promise.catch(() => undefined).finally(() => pgPool.end().catch(() => undefined));
  return runner;
}
