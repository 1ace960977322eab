import { Command, Option } from 'commander';
import { pgErrorCode } from '@/lib/infra/errors';
import type { CheckReport } from '@/lib/tenancy';
import { EXIT_FAIL, ms, note, oneLine, out } from '../output';
import { checkedSchema, intParser, wantDirectConnections, withDatabase } from '../runtime';

interface MigrateOpts {
  shared?: boolean;
  tenant?: boolean;
  schema?: string;
  concurrency?: number;
  check?: boolean;
}

async function check(opts: MigrateOpts): Promise<number> {
  const { directDb } = await import('@/lib/infra/db/pool');
  const { checkMigrations } = await import('@/lib/tenancy');
  const { tenantMigrations } = await import('@/migrations/tenant');
  const known = new Set(tenantMigrations.map((m) => m.name));
  let report: CheckReport;
  try {
    report = await checkMigrations(directDb());
  } catch (err) {
    // Fresh database: public.quorum_migrations (or public.tenants) does not exist yet.
    if (pgErrorCode(err) === '42P01') {
      out('shared\tbehind\tnothing applied yet (run: migrate --shared)');
      out('summary: the shared schema is not migrated');
      return EXIT_FAIL;
    }
    throw err;
  }
  let bad = 0;
  if (!opts.tenant) {
    if (report.sharedPending.length) {
      bad++;
      out(`shared\tbehind\tpending: ${report.sharedPending.join(', ')}`);
    }
  }
  let { behind, failed, missingSchema, upToDate, total } = report;
  if (opts.schema) {
    const s = opts.schema;
    behind = behind.filter((b) => b.schema === s);
    failed = failed.filter((f) => f.schema === s);
    missingSchema = missingSchema.filter((m) => m === s);
    total = 1;
    upToDate = behind.length + failed.length + missingSchema.length === 0 ? 1 : 0;
  }
  if (!opts.shared) {
    // A version this code does not know was written by newer (or foreign) code: say so, not "behind".
    for (const b of behind) {
      if (b.version && !known.has(b.version))
        out(`${b.schema}\tunknown\tat ${b.version}, a migration this code does not have (newer code ran here?)`);
      else out(`${b.schema}\tbehind\tat ${b.version ?? '(nothing)'}`);
    }
    for (const f of failed) out(`${f.schema}\tfailed\t${oneLine(f.error ?? 'unknown error')}`);
    for (const m of missingSchema) out(`${m}\tmissing\ttenant row without its schema`);
    bad += behind.length + failed.length + missingSchema.length;
    // Two-role mode: tenant roles and grants that drifted (repaired by a plain `migrate`).
    const roleDrift = report.roles.tenants.filter((t) => !opts.schema || t.schema === opts.schema);
    for (const r of roleDrift) out(`${r.schema}\troles\t${r.problem}`);
    for (const g of report.roles.global) out(`request-role\troles\t${g}`);
    bad += roleDrift.length + report.roles.global.length;
  }
  const parts: string[] = [];
  if (!opts.tenant) parts.push(`shared ${report.sharedPending.length ? `behind by ${report.sharedPending.length}` : 'up to date'}`);
  if (!opts.shared) {
    parts.push(
      `${total} tenant${total === 1 ? '' : 's'}: ${upToDate} up to date, ${behind.length} behind, ${failed.length} failed, ${missingSchema.length} missing` +
        ` (latest ${report.latest ?? '-'})`,
    );
    if (report.roles.mode === 'two-role')
      parts.push(`two-role mode: ${report.roles.tenants.length + report.roles.global.length} role problem(s)`);
  }
  out(`summary: ${parts.join('; ')}`);
  return bad > 0 ? EXIT_FAIL : 0;
}

async function apply(opts: MigrateOpts): Promise<number> {
  const { migrateShared, migrateTenants } = await import('@/lib/tenancy');
  const { countTenants } = await import('@/lib/platform');
  const { directDb } = await import('@/lib/infra/db/pool');
  const started = performance.now();
  if (!opts.tenant) {
    const r = await migrateShared(directDb());
    // The job queue's tables (graphile_worker schema) are shared too; installing them is idempotent.
    await (await import('@/lib/jobs/worker')).installJobQueue();
    out(r.applied.length ? `shared\tapplied\t${r.applied.join(', ')}\t${ms(r.ms)}` : 'shared\tup to date');
    if (opts.shared) return 0;
  }
  const total = opts.schema ? 1 : await countTenants(directDb());
  let failed = 0;
  const results = await migrateTenants(directDb(), {
    schema: opts.schema,
    concurrency: opts.concurrency,
    onResult: (r) => {
      if (r.error) {
        failed++;
        out(`${r.schema}\tfailed\t${oneLine(r.error)}`);
      } else {
        out(`${r.schema}\t${r.applied.length ? `applied\t${r.applied.join(', ')}` : 'up to date'}\t${ms(r.ms)}`);
      }
    },
    onRoles: (r) => {
      if (r.mode !== 'two-role') return;
      for (const f of r.failed) out(`${f.schema}\troles failed\t${oneLine(f.error)}`);
      failed += r.failed.length;
      out(`roles\ttwo-role mode\t${r.checked} checked, ${r.repaired.length} created or repaired, ${r.failed.length} failed`);
    },
  });
  const migrated = results.filter((r) => !r.error && r.applied.length > 0).length;
  const upToDate = total - migrated - failed;
  out(
    `summary: ${total} tenant${total === 1 ? '' : 's'}: ${migrated} migrated, ${failed} failed, ${upToDate} already up to date, in ${ms(performance.now() - started)}`,
  );
  if (failed) note(`error: ${failed} tenant${failed === 1 ? '' : 's'} failed to migrate (see above; the others were migrated)`);
  return failed ? EXIT_FAIL : 0;
}

export function migrateCommand(): Command {
  return new Command('migrate')
    .description(
      'Apply migrations: shared (public) first, then every tenant schema with bounded concurrency. A failing tenant is reported and the others carry on.',
    )
    .addOption(new Option('--shared', 'only the shared (public) migrations').conflicts(['tenant', 'schema']))
    .addOption(new Option('--tenant', 'only the tenant migrations'))
    .option('--schema <schema>', 'only this tenant schema (implies --tenant)')
    .option('--concurrency <n>', 'tenant schemas migrated at once (default 8)', intParser(1, 64))
    .option('--check', 'apply nothing; report who is behind or failed, then a summary')
    .addHelpText(
      'after',
      `
Output: one line per schema (schema<TAB>status<TAB>detail) and a summary line.
Exit codes:
  0  everything applied (or, with --check, everything up to date)
  1  a tenant failed to migrate (the others were still migrated), or with --check: the shared
     schema or any tenant is behind, failed or missing its schema; also bad input
  2  unexpected error (database unreachable, ...)`,
    )
    .action((opts: MigrateOpts) =>
      withDatabase(async () => {
        if (opts.schema) {
          opts.schema = checkedSchema(opts.schema);
          opts.tenant = true;
          const { getTenantBySchema } = await import('@/lib/platform');
          const { directDb } = await import('@/lib/infra/db/pool');
          await getTenantBySchema(directDb(), opts.schema);
        }
        if (opts.check) return check(opts);
        wantDirectConnections(Math.min(opts.concurrency ?? 8, 16));
        return apply(opts);
      }),
    );
}
