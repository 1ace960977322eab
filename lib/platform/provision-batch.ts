import { sql, type Kysely } from 'kysely';
import { UserError } from '@/lib/infra/errors';
import type { PublicDatabase } from '@/lib/infra/db/schema';
import { tenantMigrations } from '@/migrations/tenant';
import { applyPending, latestName } from '@/lib/tenancy/operator';
import { mapLimit } from '@/lib/tenancy/operator';
import { NotRecordable, recordFreshSchemaSql } from '@/lib/tenancy/operator';
import { notifyTenancyChange } from '@/lib/tenancy/operator';
import { invalidateTenantCache } from '@/lib/tenancy/operator';
import { validateDomain } from '@/lib/tenancy/host';
import { validateSchemaName } from '@/lib/tenancy/schema-name';
import { createSchema, createSchemaSql, dropSchemas, setTenantSchema, setTenantSchemaSql } from '@/lib/tenancy/operator';
import { dropTenantRoles, ensureTenantRole, roleMode, tenantRolesScript } from '@/lib/tenancy/operator';

// Batch provisioning for the seeder: many tenants per transaction, on the direct connection.
// Names are planned here (planTenants) and the schema work is here; lib/seed supplies the data SQL.

export interface PlannedTenant {
  n: number;
  schema: string;
  domain: string;
}

/** Names among the planned ones that already exist as a schema, tenant or domain. */
export async function takenNames(db: Kysely<PublicDatabase>, planned: PlannedTenant[]): Promise<{ schemas: string[]; domains: string[] }> {
  const schemas = planned.map((p) => p.schema);
  const domains = planned.map((p) => p.domain);
  const [ns, tenants, doms] = await Promise.all([
    sql<{ name: string }>`select nspname as name from pg_namespace where nspname = any(${schemas}::text[])`.execute(db),
    // Arrays, not IN lists: 100,000 names would exceed the protocol's 65,535 parameters.
    sql<{ name: string }>`select schema_name as name from public.tenants where schema_name = any(${schemas}::text[])`.execute(db),
    sql<{ name: string }>`select domain as name from public.domains where domain = any(${domains}::text[])`.execute(db),
  ]);
  const taken = new Set([...ns.rows.map((r) => r.name), ...tenants.rows.map((r) => r.name)]);
  return {
    schemas: schemas.filter((s) => taken.has(s)),
    domains: doms.rows.map((r) => r.name),
  };
}

/**
 * One batch in one transaction: tenant rows and primary domains (multi-row), then per schema
 * CREATE SCHEMA, the tenant context, the tenant migrations and the data. With `ddl` (the recorded
 * migrations) the schema part is sent as plain SQL, one statement per query; without it the
 * migrations run through applyPending one statement at a time, as provisioning does.
 */
async function provisionBatch(
  db: Kysely<PublicDatabase>,
  batch: PlannedTenant[],
  prefix: string,
  data: string[],
  ddl: string[] | null,
): Promise<void> {
  const latest = latestName(tenantMigrations);
  await db.transaction().execute(async (trx) => {
    const rows = await trx
      .insertInto('public.tenants')
      .values(
        batch.map((b) => ({
          schema_name: b.schema,
          name: `${prefix} ${b.n}`,
          paid_until: null,
          on_trial: true,
          migration_version: latest,
          migration_status: 'ok' as const,
          migrated_at: new Date(),
        })),
      )
      .returning(['id', 'schema_name'])
      .execute();
    const idOf = new Map(rows.map((r) => [r.schema_name, r.id]));
    await trx
      .insertInto('public.domains')
      .values(batch.map((b) => ({ domain: b.domain, tenant_id: idOf.get(b.schema)!, is_primary: true })))
      .execute();
    if (ddl) {
      // Still separate statements (Citus): CREATE SCHEMA, then each CREATE TABLE of the migrations.
      const m = roleMode();
      // Two-role mode: the batch's roles in one statement at the end (one GRANT of all the roles to the request role).
      const roles =
        m.mode === 'two-role'
          ? [
              tenantRolesScript(
                batch.map((b) => b.schema),
                m.request,
              ),
            ]
          : [];
      const script = [...batch.flatMap((b) => [createSchemaSql(b.schema), setTenantSchemaSql(b.schema), ...ddl, ...data]), ...roles];
      // One statement per query: Citus forwards a DDL's whole query string to the worker, and a
      // multi-statement string there fails ("cannot insert multiple commands into a prepared statement").
      for (const stmt of script) await sql.raw(stmt).execute(trx);
    } else {
      for (const b of batch) {
        await createSchema(trx, b.schema);
        await setTenantSchema(trx, b.schema);
        await applyPending(trx, tenantMigrations, true);
        for (const stmt of data) await sql.raw(stmt).execute(trx);
        await ensureTenantRole(trx, b.schema);
      }
    }
    await notifyTenancyChange(trx, `seed:${prefix}`);
  });
}

/** Removes tenants (rows, domains, schemas, roles) created by a failed run. */
async function removeTenants(db: Kysely<PublicDatabase>, schemas: string[]): Promise<void> {
  for (let i = 0; i < schemas.length; i += 20) {
    const part = schemas.slice(i, i + 20);
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('public.tenants').where('schema_name', 'in', part).execute();
      await dropSchemas(trx, part);
      await dropTenantRoles(trx, part);
      await notifyTenancyChange(trx, 'seed:undo');
    });
  }
  invalidateTenantCache();
}

export interface BatchRunOptions {
  /** Tenant names are `<prefix> <n>`. */
  prefix: string;
  /** The data of each new schema, run in its tenant context, one statement per string. */
  data: string[];
  batchSize: number;
  /** Batches in flight at once. */
  concurrency: number;
  /** false: run the migrations through applyPending per schema instead of SQL recorded once. */
  recordedDdl?: boolean;
  /** Runs before batch `index` (0-based); throwing there fails the run. */
  beforeBatch?: (index: number) => void | Promise<void>;
  /** After each committed batch: tenants done so far, of `total`. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Provisions the planned tenants in batches (one transaction per batch, `concurrency` at once) with
 * the tenant migrations compiled to SQL once (falling back to applyPending when one cannot be
 * recorded). All or nothing: if a batch fails, the tenants of the batches that committed are
 * removed and the first error is thrown.
 */
export async function provisionTenantBatches(db: Kysely<PublicDatabase>, planned: PlannedTenant[], o: BatchRunOptions): Promise<void> {
  const ddl =
    o.recordedDdl === false
      ? null
      : await recordFreshSchemaSql(tenantMigrations).catch((err: unknown) => {
          if (err instanceof NotRecordable) return null;
          throw err;
        });
  const batches: PlannedTenant[][] = [];
  for (let i = 0; i < planned.length; i += o.batchSize) batches.push(planned.slice(i, i + o.batchSize));
  const committed: string[] = [];
  let failure: unknown = null;
  await mapLimit(
    batches.map((batch, index) => ({ batch, index })),
    o.concurrency,
    async ({ batch, index }) => {
      if (failure) return;
      try {
        await o.beforeBatch?.(index);
        await provisionBatch(db, batch, o.prefix, o.data, ddl);
        committed.push(...batch.map((b) => b.schema));
        o.onProgress?.(committed.length, planned.length);
      } catch (err) {
        failure ??= err;
      }
    },
  );
  invalidateTenantCache();
  if (!failure) return;
  if (committed.length > 0) {
    const reason = failure instanceof Error ? failure.message : String(failure);
    try {
      await removeTenants(db, committed);
    } catch (undoErr) {
      const why = undoErr instanceof Error ? undoErr.message : String(undoErr);
      throw new Error(`Seeding failed (${reason}) and removing the ${committed.length} tenants it created also failed (${why}).`);
    }
  }
  throw failure;
}

/** `<schema-with-dashes>.<root host>`, e.g. seed-17.localhost. */
export function seedDomain(schema: string, rootHost: string): string {
  return `${schema.replace(/_/g, '-')}.${rootHost}`;
}

/** Names for `count` tenants `<prefix>_<n>` at `<prefix>-<n>.<root host>`, checked before they reach SQL. */
export function planTenants(prefix: string, count: number, rootHost: string): PlannedTenant[] {
  const out: PlannedTenant[] = [];
  for (let n = 1; n <= count; n++) {
    const schema = `${prefix}_${n}`;
    const s = validateSchemaName(schema);
    if (!s.ok) throw new UserError(`--prefix '${prefix}' gives an invalid schema name: ${s.error}`, 400, 'prefix');
    const d = validateDomain(seedDomain(schema, rootHost));
    if (!d.ok) throw new UserError(`--prefix '${prefix}' gives an invalid domain: ${d.error}`, 400, 'prefix');
    out.push({ n, schema, domain: d.domain });
  }
  return out;
}
