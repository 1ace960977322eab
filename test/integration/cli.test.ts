import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePools, directDb } from '@/lib/infra/db/pool';
import { migrateShared } from '@/lib/tenancy/migrate/runner';
import { addDomain } from '@/lib/platform/tenants';
import { testProcessEnv } from '@/harness/env';

// The real CLI in a child process (tsx lib/cli/main.ts), pointed at the test cluster.

const ROOT = path.resolve(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
// A clean environment: only what a developer's shell would have plus the cluster's URLs.
const ENV = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...testProcessEnv() } as Record<
  string,
  string
> as NodeJS.ProcessEnv;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(TSX, ['lib/cli/main.ts', ...args], { cwd: ROOT, env: ENV, timeout: 45_000, encoding: 'utf8' }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** A failed run: non-zero exit and exactly one line `error: <reason>` on stderr, no stack trace. */
function expectOneLineError(r: Run, pattern?: RegExp) {
  expect(r.code, `stdout: ${r.stdout}\nstderr: ${r.stderr}`).not.toBe(0);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^error: \S/);
  if (pattern) expect(lines[0]).toMatch(pattern);
}

async function counts(schemas: string[], domains: string[]) {
  const db = directDb();
  const [t, d, n] = await Promise.all([
    db.selectFrom('public.tenants').select('schema_name').where('schema_name', 'in', schemas).execute(),
    db.selectFrom('public.domains').select('domain').where('domain', 'in', domains).execute(),
    sql<{ nspname: string }>`select nspname from pg_namespace where nspname = any(${schemas}::text[]) and nspname <> 'public'`.execute(db),
  ]);
  return { tenants: t.length, domains: d.length, schemas: n.rows.length };
}

beforeAll(async () => {
  await migrateShared(directDb());
});

afterAll(async () => {
  await closePools();
});

// Each run costs about a second of CPU (tsx + module loading) on a 2-CPU machine, so the tests
// that only need the tenant created by the first one run concurrently.
// Each case runs the real CLI several times (a tsx process each, ~1 s when quiet, ~10 s at load 11
// on 2 cores): a longer limit than the project's 60 s, so load alone does not fail them; a hang still does.
describe('tenants CLI', { timeout: 180_000 }, () => {
  it('create → list shows it, as text and as JSON', async () => {
    const r = await cli(
      'create',
      '--schema',
      'cli_acme',
      '--name',
      'CLI Acme',
      '--domain',
      'CLI-Acme.localhost',
      '--admin-email',
      'Admin@CLI.test',
      '--admin-password',
      'vivid-harbour-lantern-42',
      '--paid-until',
      '2030-01-31',
      '--on-trial',
      'false',
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/created tenant 'cli_acme' .* in \d+ ms/);
    expect(r.stdout).toContain('cli-acme.localhost');

    const [text, json] = await Promise.all([cli('list'), cli('list', '--json')]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout.split('\n')).toContain('cli_acme\tcli-acme.localhost');
    expect(json.code, json.stderr).toBe(0);
    const rows = JSON.parse(json.stdout) as Record<string, unknown>[];
    expect(Array.isArray(rows)).toBe(true);
    expect(rows.find((t) => t.schema_name === 'cli_acme')).toMatchObject({
      name: 'CLI Acme',
      primary_domain: 'cli-acme.localhost',
      domains: ['cli-acme.localhost'],
      paid_until: '2030-01-31',
      on_trial: false,
      status: 'active',
      migration_status: 'ok',
    });
  });

  // Not concurrent: the hostile test below counts every tenant.
  it('create --public-reads off stores the choice (default on); a bad value is refused with one line', async () => {
    const off = await cli(
      'create',
      '--schema',
      'cli_private',
      '--name',
      'Private',
      '--domain',
      'cli-private.localhost',
      '--public-reads',
      'off',
    );
    expect(off.code, off.stderr).toBe(0);
    expect(off.stdout).toContain('anonymous reads off');
    const bad = await cli(
      'create',
      '--schema',
      'cli_bad_reads',
      '--name',
      'B',
      '--domain',
      'cli-bad-reads.localhost',
      '--public-reads',
      'maybe',
    );
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/expected on or off/);
    const rows = await directDb()
      .selectFrom('public.tenants')
      .select(['schema_name', 'public_reads'])
      .where('schema_name', 'in', ['cli_private', 'cli_acme', 'cli_bad_reads'])
      .orderBy('schema_name')
      .execute();
    expect(rows).toEqual([
      { schema_name: 'cli_acme', public_reads: true },
      { schema_name: 'cli_private', public_reads: false },
    ]);
  });

  it.concurrent('refuses hostile schema names and a taken domain with one line, leaving nothing behind', async () => {
    const long = `a${'b'.repeat(63)}`; // 64 characters
    const cases: { schema: string; domain: string; expect: RegExp }[] = [
      { schema: 'pg_x', domain: 'cli-h1.localhost', expect: /pg_/ },
      { schema: 'public', domain: 'cli-h2.localhost', expect: /system schema/ },
      { schema: 'a;drop', domain: 'cli-h3.localhost', expect: /lowercase letters, digits and underscores/ },
      { schema: long, domain: 'cli-h4.localhost', expect: /longer than 63/ },
      { schema: 'cli_taken', domain: 'taken.cli.example', expect: /already in use/ },
    ];
    // Owned by cli_acme; added here because the domain test changes cli_acme's other domains concurrently.
    await addDomain(directDb(), 'cli_acme', 'taken.cli.example');
    const before = await directDb()
      .selectFrom('public.tenants')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const runs = await Promise.all(cases.map((c) => cli('create', '--schema', c.schema, '--name', 'Hostile', '--domain', c.domain)));
    runs.forEach((r, i) => expectOneLineError(r, cases[i].expect));
    const left = await counts(
      cases.map((c) => c.schema),
      cases.filter((c) => c.schema !== 'cli_taken').map((c) => c.domain),
    );
    expect(left).toEqual({ tenants: 0, domains: 0, schemas: 0 });
    const after = await directDb()
      .selectFrom('public.tenants')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    // The taken domain still belongs to its owner.
    const owner = await directDb()
      .selectFrom('public.domains as d')
      .innerJoin('public.tenants as t', 't.id', 'd.tenant_id')
      .select('t.schema_name')
      .where('d.domain', '=', 'taken.cli.example')
      .executeTakeFirst();
    expect(owner?.schema_name).toBe('cli_acme');
  });

  it.concurrent('domain add, primary, remove', async () => {
    const add = await cli('domain', 'add', '--schema', 'cli_acme', '--domain', 'acme.cli.example', '--verified');
    expect(add.code, add.stderr).toBe(0);
    const primary = await cli('domain', 'primary', '--schema', 'cli_acme', '--domain', 'acme.cli.example');
    expect(primary.code, primary.stderr).toBe(0);
    const [removeOld, removePrimary] = await Promise.all([
      cli('domain', 'remove', '--schema', 'cli_acme', '--domain', 'cli-acme.localhost'),
      cli('domain', 'remove', '--schema', 'cli_acme', '--domain', 'acme.cli.example'),
    ]);
    expect(removeOld.code, removeOld.stderr).toBe(0);
    expectOneLineError(removePrimary, /primary domain/);
    const domains = await directDb()
      .selectFrom('public.domains as d')
      .innerJoin('public.tenants as t', 't.id', 'd.tenant_id')
      .select(['d.domain', 'd.is_primary'])
      .where('t.schema_name', '=', 'cli_acme')
      .where('d.domain', 'in', ['acme.cli.example', 'cli-acme.localhost'])
      .execute();
    expect(domains).toEqual([{ domain: 'acme.cli.example', is_primary: true }]);
  });

  it.concurrent('create-user, then exec "select email from users" in that tenant', async () => {
    const u = await cli(
      'create-user',
      '--schema',
      'cli_acme',
      '--email',
      'Member@CLI.test',
      '--password',
      'vivid-harbour-lantern-42',
      '--name',
      'Member',
    );
    expect(u.code, u.stderr).toBe(0);
    expect(u.stdout).toContain('member@cli.test');
    const [json, table, bad] = await Promise.all([
      cli('exec', '--schema', 'cli_acme', '--json', 'select email from users order by id'),
      cli('exec', '--schema', 'cli_acme', 'select email, role from users order by id'),
      cli('exec', '--schema', 'cli_acme', 'select * from no_such_table'),
    ]);
    expect(json.code, json.stderr).toBe(0);
    expect(
      json.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).email),
    ).toEqual(['admin@cli.test', 'member@cli.test']);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/admin@cli\.test\s+admin/);
    expect(table.stdout).toMatch(/\(2 rows\)/);
    expectOneLineError(bad, /no_such_table/);
  });

  it('migrate --check: exit 0 when up to date, 1 and a line for a tenant that is behind', async () => {
    // Scoped to this file's tenant: other integration files share the cluster and leave tenants at
    // synthetic migration versions of their own.
    const ok = await cli('migrate', '--check', '--schema', 'cli_acme');
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^summary: 1 tenant: 1 up to date, 0 behind, 0 failed, 0 missing/m);

    const db = directDb();
    const row = await db
      .selectFrom('public.tenants')
      .select('migration_version')
      .where('schema_name', '=', 'cli_acme')
      .executeTakeFirstOrThrow();
    await db
      .updateTable('public.tenants')
      .set({ migration_version: '2026_11_22_001_create_users' })
      .where('schema_name', '=', 'cli_acme')
      .execute();
    try {
      const behind = await cli('migrate', '--check', '--schema', 'cli_acme');
      expect(behind.code).toBe(1);
      expect(behind.stdout).toMatch(/^cli_acme\tbehind\tat 2026_11_22_001_create_users$/m);
      expect(behind.stdout).toMatch(/1 behind/);
      // A version the code does not know (written by newer code) is reported as such, not as behind.
      await db
        .updateTable('public.tenants')
        .set({ migration_version: '2099_01_01_001_from_the_future' })
        .where('schema_name', '=', 'cli_acme')
        .execute();
      const ahead = await cli('migrate', '--check', '--schema', 'cli_acme');
      expect(ahead.code).toBe(1);
      expect(ahead.stdout).toMatch(/^cli_acme\tunknown\tat 2099_01_01_001_from_the_future, /m);
    } finally {
      await db
        .updateTable('public.tenants')
        .set({ migration_version: row.migration_version })
        .where('schema_name', '=', 'cli_acme')
        .execute();
    }
  });

  it('delete --drop-schema removes the tenant, its domains and its schema', async () => {
    const r = await cli('delete', '--schema', 'cli_acme', '--drop-schema');
    expect(r.code, r.stderr).toBe(0);
    expect(await counts(['cli_acme'], ['acme.cli.example', 'cli-acme.localhost', 'taken.cli.example'])).toEqual({
      tenants: 0,
      domains: 0,
      schemas: 0,
    });
  });

  it.concurrent('unknown command, missing option and a bad number exit 1 with one line', async () => {
    const runs = await Promise.all([
      cli('frobnicate'),
      cli('create', '--schema', 'cli_x', '--name', 'X'),
      cli('seed', '--tenants', 'many'),
    ]);
    expectOneLineError(runs[0], /unknown command 'frobnicate'/);
    expectOneLineError(runs[1], /required option '--domain <domain>' not specified/);
    expectOneLineError(runs[2], /--tenants/);
    expect(runs.map((r) => r.code)).toEqual([1, 1, 1]);
  });
});

describe('CLI module graph', () => {
  it('imports nothing from next/* or server-only', () => {
    const seen = new Set<string>();
    const bad: string[] = [];
    const resolve = (from: string, spec: string): string | null => {
      let base: string;
      if (spec.startsWith('@/')) base = path.join(ROOT, spec.slice(2));
      else if (spec.startsWith('.')) base = path.resolve(path.dirname(from), spec);
      else return null;
      for (const f of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')]) {
        if (fs.existsSync(f) && fs.statSync(f).isFile()) return f;
      }
      throw new Error(`cannot resolve ${spec} from ${from}`);
    };
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const src = fs.readFileSync(file, 'utf8');
      for (const m of src.matchAll(/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(?\s*['"]([^'"]+)['"]/g)) {
        const spec = m[1] ?? m[2];
        if (spec === 'server-only' || spec === 'next' || spec.startsWith('next/') || spec.startsWith('next-auth'))
          bad.push(`${path.relative(ROOT, file)} → ${spec}`);
        const target = resolve(file, spec);
        if (target) visit(target);
      }
    };
    visit(path.join(ROOT, 'lib/cli/main.ts'));
    expect(seen.size).toBeGreaterThan(10);
    expect(bad).toEqual([]);
  });
});
