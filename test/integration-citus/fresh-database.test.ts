// Issue 24, item 4: a FRESH Citus database with schema-based sharding on, exactly as the README
// ("Scale out on Citus") and the compose `citus` profile set it up before the first migration.
// Before the fix, `tenants migrate` failed with "cannot insert multiple commands into a prepared
// statement": the job queue's graphile_worker schema became a distributed schema and its
// multi-statement migration was refused. Here: its own database on the shared Citus cluster (the
// other files' database has been migrated already), created by ../shared/citus/create-db.sh, then
// `migrate` (the real CLI), `npm start`'s bootstrap, and a job enqueued by a tenant and run.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePools, directDb } from '@/lib/infra/db/pool';
import { bootstrap, bootstrapWants } from '@/lib/entry/demo-bootstrap';
import { enqueueTenantJob } from '@/lib/infra/queue/queue';
import { JOB_QUEUE_SCHEMA, startWorker } from '@/lib/jobs/worker';
import { withTenant } from '@/lib/tenancy';
import { findTenantBySchema } from '@/lib/platform';
import { stopTenancyListener } from '@/lib/tenancy/resolve-host';
import { citusScriptsDir } from '@/harness/citus-cluster';
import { testEnv } from '@/harness/env';
import { runCliWith } from '@/harness/run-cli';
import { waitFor } from '@/harness/wait';

const env = testEnv();
const DB = `fresh_${randomBytes(3).toString('hex')}`;
const OWNER = `${DB}_owner`;
const PASSWORD = randomBytes(18).toString('hex');
const base = Number(new URL(env.superuserUrl).port);
const freshUrl = `postgres://${OWNER}:${PASSWORD}@127.0.0.1:${base}/${DB}`;
const saved = { DATABASE_URL: process.env.DATABASE_URL, DIRECT_DATABASE_URL: process.env.DIRECT_DATABASE_URL };

async function query<R extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<R[]> {
  const c = new pg.Client({ connectionString: freshUrl });
  c.on('error', () => undefined);
  await c.connect();
  try {
    return (await c.query<R>(text, params)).rows;
  } finally {
    await c.end();
  }
}

/** Schemas Citus distributes (one shard group each). */
async function distributedSchemas(): Promise<string[]> {
  const rows = await query<{ s: string }>(
    'select n.nspname as s from pg_dist_schema d join pg_namespace n on n.oid = d.schemaid order by 1',
  );
  return rows.map((r) => r.s);
}

beforeAll(() => {
  // README: "ALTER DATABASE quorum SET citus.enable_schema_based_sharding = on before the first
  // tenant" — create-db.sh does exactly that (and registers the workers) for a new database.
  const r = spawnSync('bash', [path.join(citusScriptsDir(), 'create-db.sh'), String(base), DB, OWNER, PASSWORD], { encoding: 'utf8' });
  expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
  expect(r.stdout).toContain('schema-based sharding: on');
}, 120_000);

afterAll(async () => {
  await stopTenancyListener();
  await closePools();
  Object.assign(process.env, saved);
  delete process.env.QUORUM_NO_LISTEN;
});

describe('a fresh Citus database with schema-based sharding on', () => {
  it('starts empty, with sharding on for every new session', async () => {
    expect(await query(`select 1 from pg_namespace where nspname = '${JOB_QUEUE_SCHEMA}'`)).toHaveLength(0);
    expect((await query<{ v: string }>('select current_setting($1) as v', ['citus.enable_schema_based_sharding']))[0].v).toBe('on');
  });

  it('`tenants migrate` succeeds, and the job queue stays a plain schema on the coordinator', async () => {
    const r = await runCliWith({ DATABASE_URL: freshUrl, DIRECT_DATABASE_URL: freshUrl }, 'migrate');
    expect(r.code, `stdout: ${r.stdout}\nstderr: ${r.stderr}`).toBe(0);
    expect(r.stderr).not.toContain('cannot insert multiple commands');
    expect(await query(`select 1 from pg_namespace where nspname = '${JOB_QUEUE_SCHEMA}'`)).toHaveLength(1);
    expect(await distributedSchemas()).not.toContain(JOB_QUEUE_SCHEMA);
    // Idempotent: a second run (every deploy) finds everything in place.
    const again = await runCliWith({ DATABASE_URL: freshUrl, DIRECT_DATABASE_URL: freshUrl }, 'migrate');
    expect(again.code, again.stderr).toBe(0);
  }, 180_000);

  it('npm start’s bootstrap (explicitly asked for a superuser and the demo) works; the demo tenant is distributed', async () => {
    await closePools();
    process.env.DATABASE_URL = freshUrl;
    process.env.DIRECT_DATABASE_URL = freshUrl;
    process.env.QUORUM_NO_LISTEN = '1';
    const boot = await bootstrap('fresh.localhost', bootstrapWants('superuser,demo', false));
    expect(boot.superuser?.email).toBe('admin@fresh.localhost');
    expect(boot.demo?.host).toBe('demo.fresh.localhost');
    expect(await distributedSchemas()).toContain('demo');
    expect(await distributedSchemas()).not.toContain(JOB_QUEUE_SCHEMA);
  }, 180_000);

  it('a job enqueued inside a tenant transaction is run by the worker', async () => {
    const tenant = (await findTenantBySchema(directDb(), 'demo'))!;
    expect(tenant).toBeTruthy();
    const ran: unknown[] = [];
    const runner = await startWorker({
      taskList: {
        close_poll: async (payload) => {
          ran.push(payload);
        },
      },
      pollInterval: 200,
    });
    try {
      await withTenant({ schema: 'demo' }, (db) => enqueueTenantJob(db, tenant, 'close_poll', { pollId: 1 }, { jobKey: 'fresh-citus' }));
      const payload = await waitFor('the job to run', async () => ran[0], 60_000);
      expect(payload).toEqual({ pollId: 1, tenantId: tenant.id });
    } finally {
      await runner.stop();
    }
  }, 120_000);
});
