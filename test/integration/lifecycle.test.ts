import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePools, directDb } from '@/lib/infra/db/pool';
import { migrateShared } from '@/lib/tenancy';
import { castVote, createPoll } from '@/lib/features/polls/polls';
import { cloneTenant, exportTenant, importTenant, renameTenant } from '@/lib/platform/lifecycle';
import { provisionTenantWithAdmin } from '@/lib/features/organisation/provision-with-admin';
import { stopTenancyListener } from '@/lib/tenancy/resolve-host';
import { addDomain } from '@/lib/platform/tenants';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { createUser } from '@/lib/features/auth/users';
import { tenantMigrations } from '@/migrations/tenant';
import { applyPending } from '@/lib/tenancy/migrate/apply';
import { request, startApp, type AppServer } from '@/harness/app-server';
import { requirePooledUrl, testProcessEnv } from '@/harness/env';

// Export / import / clone / rename against the real cluster, checked through the real app.

const ROOT = path.resolve(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const ENV = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: process.env.HOME ?? '/tmp',
  ...testProcessEnv(),
} as unknown as NodeJS.ProcessEnv;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quorum-lifecycle-'));
const db = () => directDb();
let app: AppServer;

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(TSX, ['lib/cli/main.ts', ...args], { cwd: ROOT, env: ENV, timeout: 60_000, encoding: 'utf8' }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }),
    );
  });
}

const get = (host: string, p: string) => request<Record<string, unknown>>(app.port, `${host}:${app.port}`, 'GET', p);

/** The API answer with the tenant's own name taken out. */
async function pollsAnswer(host: string) {
  const r = await get(host, '/api/polls');
  expect(r.status, r.text).toBe(200);
  const { tenant: _tenant, ...rest } = r.body;
  return JSON.stringify(rest);
}

async function exists(schema: string) {
  const r = await sql<{ t: number; n: number }>`
    select (select count(*)::int from public.tenants where schema_name = ${schema}) as t,
           (select count(*)::int from pg_namespace where nspname = ${schema}) as n`.execute(db());
  return r.rows[0].t + r.rows[0].n > 0;
}

/** Rewrites an export's lines with `edit` and a correct checksum (a file made by a different version, say). */
function rewrite(src: string, dst: string, edit: (lines: string[]) => string[]) {
  const lines = gunzipSync(fs.readFileSync(src)).toString('utf8').trimEnd().split('\n');
  const trailer = JSON.parse(lines.pop()!) as { counts: Record<string, number> };
  const body = edit(lines);
  const text = body.map((l) => `${l}\n`).join('');
  const sha256 = createHash('sha256').update(text).digest('hex');
  fs.writeFileSync(dst, gzipSync(`${text}${JSON.stringify({ end: true, counts: trailer.counts, sha256 })}\n`));
}

beforeAll(async () => {
  requirePooledUrl();
  await migrateShared(directDb());
  await provisionTenantWithAdmin(db(), {
    schema: 'lc_src',
    name: 'Lifecycle Source',
    domain: 'lc-src.localhost',
    admin: { email: 'admin@lc.test', password: 'password123' },
  });
  await addDomain(db(), 'lc_src', 'lc-src-alias.localhost');
  await withTenant({ schema: 'lc_src' }, async (t) => {
    const admin = { id: 1, role: 'admin' as const };
    const members = [];
    for (let i = 0; i < 3; i++) members.push(await createUser(t, { email: `m${i}@lc.test`, password: 'password123', name: `Member ${i}` }));
    for (let p = 0; p < 4; p++) {
      const poll = await createPoll(t, admin, { question: `Question ${p}?`, choices: ['yes', 'no', 'maybe'] });
      for (const [i, m] of members.entries()) await castVote(t, { id: m.id, role: 'member' }, poll.id, poll.choices[(i + p) % 3].id);
    }
  });
  app = await startApp({ ...testProcessEnv(), LOGIN_LIMIT_PER_ADDRESS: '100000' });
}, 300_000);

afterAll(async () => {
  await app?.stop();
  await stopTenancyListener();
  await closePools();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('export and import', () => {
  const file = path.join(tmp, 'lc_src.qexport');

  it('round trip: the restored tenant answers the API byte for byte like the source, and keeps working', async () => {
    const r = await exportTenant(db(), 'lc_src', file);
    expect(r.counts).toMatchObject({ users: 4, polls: 4, choices: 12, votes: 12 });
    expect(r.migrationVersion).toBe(tenantMigrations.at(-1)!.name);

    const imp = await importTenant(db(), { file, schema: 'lc_copy', domain: 'lc-copy.localhost' });
    expect(imp.tenant.name).toBe('Lifecycle Source');
    expect(await pollsAnswer('lc-copy.localhost')).toBe(await pollsAnswer('lc-src.localhost'));
    const one = (await get('lc-src.localhost', '/api/polls')).body.polls as { id: number }[];
    const a = await get('lc-src.localhost', `/api/polls/${one[0].id}`);
    const b = await get('lc-copy.localhost', `/api/polls/${one[0].id}`);
    expect(JSON.stringify({ ...b.body, tenant: null })).toBe(JSON.stringify({ ...a.body, tenant: null }));

    // Users and their password hashes came along; identity sequences continue after the copied ids.
    const login = await request<{ token: string }>(app.port, `lc-copy.localhost:${app.port}`, 'POST', '/api/login', {
      json: { email: 'm1@lc.test', password: 'password123' },
    });
    expect(login.status, login.text).toBe(200);
    const created = await request<{ id: number }>(app.port, `lc-copy.localhost:${app.port}`, 'POST', '/api/polls', {
      token: login.body.token,
      json: { question: 'After import?', choices: ['a', 'b'] },
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body.id).toBeGreaterThan(Math.max(...one.map((p) => p.id)));
  });

  it('without --domain the export’s domains are used, and taken ones are refused up front (nothing created)', async () => {
    await expect(importTenant(db(), { file, schema: 'lc_taken' })).rejects.toThrow(/lc-src\.localhost.*already in use/);
    expect(await exists('lc_taken')).toBe(false);
  });

  it('refuses a truncated, a tampered and a newer-version file, an existing schema and a bad name, leaving nothing behind', async () => {
    const whole = fs.readFileSync(file);
    const truncated = path.join(tmp, 'truncated.qexport');
    fs.writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length * 0.6)));
    await expect(importTenant(db(), { file: truncated, schema: 'lc_bad1', domain: 'lc-bad1.localhost' })).rejects.toThrow(/truncated/);

    const tampered = path.join(tmp, 'tampered.qexport');
    const text = gunzipSync(whole).toString('utf8').replace('Question 2?', 'Question 9?');
    fs.writeFileSync(tampered, gzipSync(text));
    await expect(importTenant(db(), { file: tampered, schema: 'lc_bad2', domain: 'lc-bad2.localhost' })).rejects.toThrow(/checksum/);

    const newer = path.join(tmp, 'newer.qexport');
    rewrite(file, newer, (lines) => {
      const h = JSON.parse(lines[0]);
      h.migrations.push('2099_01_01_001_from_the_future');
      return [JSON.stringify(h), ...lines.slice(1)];
    });
    await expect(importTenant(db(), { file: newer, schema: 'lc_bad3', domain: 'lc-bad3.localhost' })).rejects.toThrow(
      /newer migration version/,
    );

    await expect(importTenant(db(), { file, schema: 'lc_src', domain: 'lc-bad4.localhost' })).rejects.toThrow(/already taken/);
    await expect(importTenant(db(), { file, schema: 'Bad-Name', domain: 'lc-bad5.localhost' })).rejects.toThrow();
    for (const s of ['lc_bad1', 'lc_bad2', 'lc_bad3', 'lc_bad5']) expect(await exists(s), s).toBe(false);
    const leftover = await db().selectFrom('public.domains').select('domain').where('domain', 'like', 'lc-bad%').execute();
    expect(leftover).toEqual([]);
  });

  it('an older file is brought to the current version on import', async () => {
    const older = path.join(tmp, 'older.qexport');
    // An export from before the newest migration that creates tables (and those after it) has
    // neither their names nor those tables (extra columns in rows, e.g. one a later migration
    // adds, are ignored by the import's json_populate_recordset).
    const { index, tables: newer } = await newestTableMigration();
    const later = new Set(tenantMigrations.slice(index).map((m) => m.name));
    rewrite(file, older, (lines) => {
      const h = JSON.parse(lines[0]);
      h.migrations = h.migrations.filter((n: string) => !later.has(n));
      h.tables = h.tables.filter((t: string) => !newer.includes(t));
      return [JSON.stringify(h), ...lines.slice(1).filter((l) => !newer.some((t) => l.startsWith(`{"t":"${t}"`)))];
    });
    await importTenant(db(), { file: older, schema: 'lc_older', domain: 'lc-older.localhost' });
    const applied = await sql<{ name: string }>`select name from lc_older.quorum_migrations order by name`.execute(db());
    expect(applied.rows.map((r) => r.name)).toEqual(tenantMigrations.map((m) => m.name));
    expect(await pollsAnswer('lc-older.localhost')).toBe(await pollsAnswer('lc-src.localhost'));
  });

  it('CLI: export and import print what they did; bad input is one line and exit 1', async () => {
    const out = path.join(tmp, 'cli.qexport');
    const e = await cli('export', '--schema', 'lc_src', '--out', out);
    expect(e.code, e.stderr).toBe(0);
    expect(e.stdout).toMatch(/exported 'lc_src'.*votes 12/s);
    const i = await cli('import', '--in', out, '--schema', 'lc_cli', '--domain', 'lc-cli.localhost');
    expect(i.code, i.stderr).toBe(0);
    expect(i.stdout).toMatch(/imported 'lc_cli'/);
    const missing = await cli('export', '--schema', 'lc_nobody', '--out', path.join(tmp, 'x'));
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toMatch(/^error: No tenant with schema 'lc_nobody'\.$/);
    expect(fs.existsSync(path.join(tmp, 'x'))).toBe(false);
    const nofile = await cli('import', '--in', path.join(tmp, 'nope'), '--schema', 'lc_x', '--domain', 'lc-x.localhost');
    expect(nofile.code).toBe(1);
    expect(nofile.stderr.trim()).toMatch(/^error: No such file: .*nope$/);
  });
});

describe('clone', () => {
  it('structure only gives an empty tenant at the latest version; --data a full copy whose ids keep counting', async () => {
    await cloneTenant(db(), { from: 'lc_src', schema: 'lc_tpl', domain: 'lc-tpl.localhost' });
    const empty = await get('lc-tpl.localhost', '/api/polls');
    expect(empty.body.polls).toEqual([]);
    const users = await sql<{ n: number }>`select count(*)::int as n from lc_tpl.users`.execute(db());
    expect(users.rows[0].n).toBe(0);

    await cloneTenant(db(), { from: 'lc_src', schema: 'lc_full', domain: 'lc-full.localhost', data: true });
    expect(await pollsAnswer('lc-full.localhost')).toBe(await pollsAnswer('lc-src.localhost'));
    const next = await withTenant({ schema: 'lc_full' }, (t) =>
      createPoll(t, { id: 1, role: 'admin' }, { question: 'New?', choices: ['x', 'y'] }),
    );
    expect(next.id).toBe(5);
    // Constraints came along: a second vote by the same user is still refused.
    await expect(withTenant({ schema: 'lc_full' }, (t) => castVote(t, { id: 2, role: 'member' }, 1, 1))).rejects.toThrow();
  });

  it('refuses a missing source, a taken domain and an existing schema', async () => {
    await expect(cloneTenant(db(), { from: 'lc_nobody', schema: 'lc_c1', domain: 'lc-c1.localhost' })).rejects.toThrow(/No tenant/);
    await expect(cloneTenant(db(), { from: 'lc_src', schema: 'lc_c2', domain: 'lc-src.localhost' })).rejects.toThrow(/already in use/);
    await expect(cloneTenant(db(), { from: 'lc_src', schema: 'lc_full', domain: 'lc-c3.localhost' })).rejects.toThrow(/already taken/);
    for (const s of ['lc_c1', 'lc_c2']) expect(await exists(s)).toBe(false);
  });
});

describe('rename', () => {
  it('renames schema and record; the domains answer for the new schema without a restart', async () => {
    const before = await pollsAnswer('lc-src.localhost');
    await renameTenant(db(), 'lc_src', 'lc_renamed');
    expect(await exists('lc_src')).toBe(false);
    let tenant: unknown = null;
    for (let i = 0; i < 40 && tenant !== 'lc_renamed'; i++) {
      tenant = (await get('lc-src-alias.localhost', '/api/health')).body.tenant;
      if (tenant !== 'lc_renamed') await new Promise((r) => setTimeout(r, 50));
    }
    expect(tenant).toBe('lc_renamed');
    expect(await pollsAnswer('lc-src.localhost')).toBe(before);
  });

  it('refuses a taken or invalid name and a missing tenant (one-line CLI errors)', async () => {
    const taken = await cli('rename', '--schema', 'lc_renamed', '--to', 'lc_copy');
    expect(taken.code).toBe(1);
    expect(taken.stderr.trim()).toMatch(/^error: The schema name 'lc_copy' is already taken\.$/);
    const bad = await cli('rename', '--schema', 'lc_renamed', '--to', 'pg_nope');
    expect(bad.code).toBe(1);
    const missing = await cli('rename', '--schema', 'lc_nobody', '--to', 'lc_other');
    expect(missing.stderr.trim()).toMatch(/No tenant with schema 'lc_nobody'/);
    expect(await exists('lc_renamed')).toBe(true);
  });
});

/** The newest tenant migration that creates tables (its index) and those tables. */
async function newestTableMigration(): Promise<{ index: number; tables: string[] }> {
  for (let k = tenantMigrations.length - 1; k >= 0; k--) {
    const tables = await tablesCreatedBy(k);
    if (tables.length) return { index: k, tables };
  }
  throw new Error('no tenant migration creates a table');
}

/** The tables tenant migration k creates: the ones before it applied to a scratch schema, in a transaction rolled back. */
async function tablesCreatedBy(k: number): Promise<string[]> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const list = async (trx: Kysely<any>) =>
    (await sql<{ t: string }>`select tablename as t from pg_tables where schemaname = 'lc_scratch'`.execute(trx)).rows.map((r) => r.t);
  const rollback = new Error('rollback');
  let created: string[] = [];
  await db()
    .transaction()
    .execute(async (trx) => {
      await sql`create schema lc_scratch`.execute(trx);
      await sql`set local search_path = lc_scratch`.execute(trx);
      await applyPending(trx, tenantMigrations.slice(0, k), true);
      const before = new Set(await list(trx));
      await tenantMigrations[k].up(trx);
      created = (await list(trx)).filter((t) => !before.has(t));
      throw rollback;
    })
    .catch((err: unknown) => {
      if (err !== rollback) throw err;
    });
  return created;
}
