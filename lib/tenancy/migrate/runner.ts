import { sql, type Kysely } from 'kysely';
import type { PublicDatabase } from '@/lib/infra/db/schema';
import { publicMigrations } from '@/migrations/public';
import { tenantMigrations } from '@/migrations/tenant';
import { setPublicSchema, setTenantSchema } from '../schema-ops';
import { applyPending, latestName } from './apply';
import { checkRoleDrift, syncTenantRoles, type RoleDrift, type RoleSync } from '../tenant-roles';
import type { Migration } from '@/migrations/types';

export interface SchemaResult {
  schema: string;
  applied: string[];
  ms: number;
  error?: string;
}

export interface MigrateOptions {
  concurrency?: number;
  schema?: string;
  migrations?: Migration[];
  /** Visit every schema even when public.tenants says it is up to date. */
  force?: boolean;
  onResult?: (r: SchemaResult) => void;
  /** Two-role mode: the result of setting up / repairing the tenant roles after the migrations. */
  onRoles?: (r: RoleSync) => void;
}

/** Runs one schema's pending migrations in one transaction on the direct connection. */
async function migrateOne(db: Kysely<PublicDatabase>, schema: string, migrations: Migration[], tenant: boolean): Promise<SchemaResult> {
  const started = performance.now();
  try {
    const applied = await db.transaction().execute(async (trx) => {
      await setTenantSchema(trx, schema);
      // Serialises concurrent runners per schema; transaction-scoped, so it needs the direct connection.
      await sql`select pg_advisory_xact_lock(hashtext('quorum.migrate'), hashtext(${schema}))`.execute(trx);
      const names = await applyPending(trx, migrations);
      if (tenant) {
        await trx
          .updateTable('public.tenants')
          .set({ migration_version: latestName(migrations), migration_status: 'ok', migration_error: null, migrated_at: sql`now()` })
          .where('schema_name', '=', schema)
          .execute();
      }
      return names;
    });
    return { schema, applied, ms: performance.now() - started };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (tenant) {
      await db
        .updateTable('public.tenants')
        .set({ migration_status: 'failed', migration_error: message.slice(0, 2000) })
        .where('schema_name', '=', schema)
        .execute()
        .catch(() => undefined);
    }
    return { schema, applied: [], ms: performance.now() - started, error: message };
  }
}

/** Applies public migrations (the shared schema). Throws on failure: nothing else can run. */
export async function migrateShared(db: Kysely<PublicDatabase>, opts: { migrations?: Migration[] } = {}): Promise<SchemaResult> {
  // public is not a tenant name, so bypass tenant-name validation with a fixed literal.
  const started = performance.now();
  const applied = await db.transaction().execute(async (trx) => {
    await setPublicSchema(trx);
    await sql`select pg_advisory_xact_lock(hashtext('quorum.migrate'), hashtext('public'))`.execute(trx);
    return applyPending(trx, opts.migrations ?? publicMigrations);
  });
  return { schema: 'public', applied, ms: performance.now() - started };
}

/** Runs `worker` over `items` with at most `limit` in flight. */
export async function mapLimit<T, R>(items: T[], limit: number, worker: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await worker(items[i]);
    }
  });
  await Promise.all(lanes);
  return out;
}

/**
 * Applies tenant migrations to every tenant schema (or one), with bounded concurrency.
 * A failing tenant is recorded and reported; the others carry on.
 */
export async function migrateTenants(db: Kysely<PublicDatabase>, opts: MigrateOptions = {}): Promise<SchemaResult[]> {
  const migrations = opts.migrations ?? tenantMigrations;
  const latest = latestName(migrations);
  let q = db.selectFrom('public.tenants').select(['schema_name', 'migration_version', 'migration_status']).orderBy('id');
  if (opts.schema) q = q.where('schema_name', '=', opts.schema);
  const tenants = await q.execute();
  if (opts.schema && tenants.length === 0) throw new Error(`No tenant with schema '${opts.schema}'.`);
  const todo = tenants.filter((t) => opts.force || opts.schema || t.migration_version !== latest || t.migration_status !== 'ok');
  const results = await mapLimit(todo, opts.concurrency ?? 8, async (t) => {
    const r = await migrateOne(db, t.schema_name, migrations, true);
    opts.onResult?.(r);
    return r;
  });
  // After the migrations, so tables they added are covered too (default privileges cover them
  // already; this repairs what drifted by other hands). A no-op in single-role mode.
  const roles = await syncTenantRoles(db, { schema: opts.schema, concurrency: opts.concurrency ?? 8 });
  opts.onRoles?.(roles);
  return results;
}

export interface CheckReport {
  latest: string | null;
  total: number;
  upToDate: number;
  behind: { schema: string; version: string | null }[];
  failed: { schema: string; version: string | null; error: string | null }[];
  missingSchema: string[];
  sharedPending: string[];
  /** Role drift (two-role mode; empty lists in single-role mode). */
  roles: RoleDrift;
}

/**
 * Who is behind, from the per-tenant record in public.tenants (written in the same transaction
 * as each schema's own quorum_migrations rows) plus one catalog query: two queries for any N.
 */
export async function checkMigrations(db: Kysely<PublicDatabase>, opts: { migrations?: Migration[] } = {}): Promise<CheckReport> {
  const migrations = opts.migrations ?? tenantMigrations;
  const latest = latestName(migrations);
  const [tenants, schemas, shared, roles] = await Promise.all([
    db.selectFrom('public.tenants').select(['schema_name', 'migration_version', 'migration_status', 'migration_error']).execute(),
    sql<{ nspname: string }>`select nspname from pg_namespace`.execute(db),
    sql<{ name: string }>`select name from public.quorum_migrations`.execute(db),
    checkRoleDrift(db),
  ]);
  const present = new Set(schemas.rows.map((r) => r.nspname));
  const sharedDone = new Set(shared.rows.map((r) => r.name));
  const report: CheckReport = {
    latest,
    total: tenants.length,
    upToDate: 0,
    behind: [],
    failed: [],
    missingSchema: [],
    sharedPending: publicMigrations.filter((m) => !sharedDone.has(m.name)).map((m) => m.name),
    roles,
  };
  for (const t of tenants) {
    if (!present.has(t.schema_name)) report.missingSchema.push(t.schema_name);
    else if (t.migration_status === 'failed')
      report.failed.push({ schema: t.schema_name, version: t.migration_version, error: t.migration_error });
    else if (t.migration_version !== latest) report.behind.push({ schema: t.schema_name, version: t.migration_version });
    else report.upToDate++;
  }
  return report;
}
