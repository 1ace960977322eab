import { rm } from 'node:fs/promises';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { PublicDatabase, TenantRow } from '@/lib/infra/db/schema';
import { UserError, pgErrorCode } from '@/lib/infra/errors';
import { newVerificationToken } from './domain-verification';
import { applyPending, latestName } from '@/lib/tenancy/operator';
import { tenantAfterCopy, tenantMigrations, tenantRecounts } from '@/migrations/tenant';
import { EXPORT_FORMAT, EXPORT_KIND, ExportWriter, exportBatches, verifyExport, type ExportHeader } from './export-file';
import { validateDomain } from '@/lib/tenancy/host';
import { notifyTenancyChange } from '@/lib/tenancy/operator';
import { invalidateTenantCache } from '@/lib/tenancy/operator';
import { validateSchemaName } from '@/lib/tenancy/schema-name';
import { createSchema, quoteIdent as quote, renameSchema, setTenantSchema } from '@/lib/tenancy/operator';
import { ensureTenantRole, renameTenantRole, tenantRoleName } from '@/lib/tenancy/operator';
import { copyLogo } from '@/lib/infra/storage/storage';

// A tenant's life after create: export to one file, import it into a new schema, clone,
// rename. Everything runs on the direct connection (DDL, cursors), each in one transaction.

type Db = Kysely<PublicDatabase>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyTrx = Transaction<any>;

const MIGRATIONS_TABLE = 'quorum_migrations';
const FETCH = 5000;

function checkedSchema(s: string, field = 'schema'): string {
  const r = validateSchemaName(s);
  if (!r.ok) throw new UserError(r.error, 400, field);
  return r.schema;
}

function checkedDomain(d: string): string {
  const r = validateDomain(d);
  if (!r.ok) throw new UserError(r.error, 400, 'domain');
  return r.domain;
}

async function tenantRow(db: Db, schema: string): Promise<TenantRow> {
  const row = await db.selectFrom('public.tenants').selectAll().where('schema_name', '=', schema).executeTakeFirst();
  if (!row) throw new UserError(`No tenant with schema '${schema}'.`, 404, 'schema');
  return row;
}

/** The schema's tables (without the migration record) in foreign-key order: referenced first. */
async function tablesInOrder(db: AnyTrx | Db, schema: string): Promise<string[]> {
  const tables = await sql<{ name: string }>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = ${schema} and c.relkind in ('r', 'p') and c.relname <> ${MIGRATIONS_TABLE} order by c.relname`.execute(db);
  const edges = await sql<{ child: string; parent: string }>`
    select c.relname as child, p.relname as parent from pg_constraint k
    join pg_class c on c.oid = k.conrelid join pg_class p on p.oid = k.confrelid
    join pg_namespace n on n.oid = c.relnamespace
    where k.contype = 'f' and n.nspname = ${schema} and k.conrelid <> k.confrelid`.execute(db);
  const names = tables.rows.map((r) => r.name);
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (t: string, path: Set<string>) => {
    if (seen.has(t) || path.has(t)) return;
    path.add(t);
    for (const e of edges.rows) if (e.child === t && names.includes(e.parent)) visit(e.parent, path);
    seen.add(t);
    out.push(t);
  };
  for (const t of names) visit(t, new Set());
  return out;
}

async function appliedMigrations(db: AnyTrx | Db, schema: string): Promise<string[]> {
  const r = await sql<{ name: string }>`select name from ${sql.id(schema, MIGRATIONS_TABLE)} order by name`.execute(db);
  return r.rows.map((x) => x.name);
}

/** The known migrations up to and including the given applied set; refuses a set this code does not know. */
function migrationsUpTo(applied: string[], source: string) {
  const known = tenantMigrations.map((m) => m.name);
  const unknown = applied.filter((n) => !known.includes(n));
  if (unknown.length)
    throw new UserError(
      `${source} is at a newer migration version than this code (unknown migration ${unknown[0]}); upgrade Quorum first.`,
      409,
      'file',
    );
  const prefix = tenantMigrations.slice(0, applied.length);
  if (prefix.some((m, i) => m.name !== applied[i]))
    throw new UserError(`${source} has a migration history this code cannot continue from.`, 409, 'file');
  return prefix;
}

async function pkOrder(db: AnyTrx, schema: string, table: string): Promise<string> {
  const r = await sql<{ col: string }>`
    select a.attname as col from pg_index i
    join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
    where i.indrelid = ${`${quote(schema)}.${quote(table)}`}::regclass and i.indisprimary order by array_position(i.indkey, a.attnum)`.execute(
    db,
  );
  return r.rows.length ? r.rows.map((x) => quote(x.col)).join(', ') : '1';
}

export interface ExportResult {
  schema: string;
  file: string;
  counts: Record<string, number>;
  migrationVersion: string | null;
}

/**
 * Writes one tenant to `file`: its record and domains, its migration version and every row of
 * its tables, read in ONE repeatable-read, read-only transaction (a consistent snapshot while
 * traffic goes on), with a cursor so memory stays flat whatever the tenant's size.
 */
export async function exportTenant(db: Db, schemaInput: string, file: string): Promise<ExportResult> {
  const schema = checkedSchema(schemaInput);
  let writer: ExportWriter | null = null;
  try {
    const result = await db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        await sql`set transaction read only`.execute(trx);
        const t = await tenantRow(trx, schema);
        const domains = await trx
          .selectFrom('public.domains')
          .select(['domain', 'is_primary', 'verified'])
          .where('tenant_id', '=', t.id)
          .orderBy('is_primary', 'desc')
          .orderBy('domain')
          .execute();
        const tables = await tablesInOrder(trx, schema);
        const migrations = await appliedMigrations(trx, schema);
        const header: ExportHeader = {
          kind: EXPORT_KIND,
          format: EXPORT_FORMAT,
          schema,
          exported_at: new Date().toISOString(),
          migrations,
          tenant: { name: t.name, paid_until: t.paid_until, on_trial: t.on_trial, status: t.status },
          domains,
          tables,
        };
        writer = new ExportWriter(file, header);
        for (const table of tables) {
          const order = await pkOrder(trx, schema, table);
          await sql
            .raw(
              `declare quorum_export no scroll cursor for select row_to_json(x)::text as j from ${quote(schema)}.${quote(table)} x order by ${order}`,
            )
            .execute(trx);
          for (;;) {
            const r = await sql.raw<{ j: string }>(`fetch ${FETCH} from quorum_export`).execute(trx);
            await writer.rows(
              table,
              r.rows.map((row) => row.j),
            );
            if (r.rows.length < FETCH) break;
          }
          await sql.raw('close quorum_export').execute(trx);
        }
        await writer.finish();
        return { schema, file, counts: { ...writer.counts }, migrationVersion: migrations.at(-1) ?? null };
      });
    return result;
  } catch (err) {
    const w = writer as ExportWriter | null;
    if (w) {
      await w.abort();
      await rm(file, { force: true });
    }
    throw err;
  }
}

interface NewTenant {
  schema: string;
  name: string;
  paidUntil: string | null;
  onTrial: boolean;
  status: 'active' | 'suspended';
  /** verified: false = a pending custom domain (it stays pending, with a new token); absent = verified. */
  domains: { domain: string; is_primary: boolean; verified?: boolean }[];
}

/** Refuses up front what would fail inside the transaction: a taken schema or domain. */
async function assertFree(db: Db, t: NewTenant): Promise<void> {
  const exists = await sql<{ n: number }>`
    select (select count(*)::int from public.tenants where schema_name = ${t.schema})
         + (select count(*)::int from pg_namespace where nspname = ${t.schema}) as n`.execute(db);
  if (exists.rows[0].n > 0) throw new UserError(`The schema name '${t.schema}' is already taken.`, 409, 'schema');
  if (t.domains.length) {
    const taken = await db
      .selectFrom('public.domains')
      .select('domain')
      .where(
        'domain',
        'in',
        t.domains.map((d) => d.domain),
      )
      .execute();
    if (taken.length)
      throw new UserError(
        `The domain${taken.length > 1 ? 's' : ''} ${taken.map((d) => `'${d.domain}'`).join(', ')} ${taken.length > 1 ? 'are' : 'is'} already in use.`,
        409,
        'domain',
      );
  }
}

/**
 * Creates the tenant row, its domains and an empty schema at the migration version `atVersion`,
 * runs `fill` (which loads rows), resets identity sequences past the loaded ids, then migrates
 * the schema to the latest version. One transaction: on any failure nothing is left behind.
 */
async function createFilled(
  db: Db,
  t: NewTenant,
  atVersion: typeof tenantMigrations,
  fill: (trx: AnyTrx) => Promise<void>,
): Promise<TenantRow> {
  await assertFree(db, t);
  try {
    const row = await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('public.tenants')
        .values({
          schema_name: t.schema,
          name: t.name,
          paid_until: t.paidUntil,
          on_trial: t.onTrial,
          status: t.status,
          migration_version: latestName(tenantMigrations),
          migration_status: 'ok',
          migrated_at: new Date(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      if (t.domains.length)
        await trx
          .insertInto('public.domains')
          .values(
            t.domains.map((d) => ({
              domain: d.domain,
              is_primary: d.is_primary,
              tenant_id: row.id,
              // A domain pending in the source stays pending: an export must not verify it.
              verified: d.verified !== false,
              verification_token: d.verified === false ? newVerificationToken() : null,
            })),
          )
          .execute();
      await createSchema(trx, t.schema);
      await setTenantSchema(trx, t.schema);
      await applyPending(trx, atVersion, true);
      await fill(trx);
      await resetIdentities(trx, t.schema);
      await applyPending(trx, tenantMigrations);
      // Derived data (the vote counters) is recomputed from the loaded rows, not trusted from the source.
      for (const statement of tenantRecounts) await sql.raw(statement).execute(trx);
      for (const statement of tenantAfterCopy) await sql.raw(statement).execute(trx);
      await ensureTenantRole(trx, t.schema);
      await notifyTenancyChange(trx, t.schema);
      return row;
    });
    invalidateTenantCache();
    return row;
  } catch (err) {
    if (pgErrorCode(err) === '23505') throw new UserError(`The schema or a domain was taken while the tenant was being created.`, 409);
    throw err;
  }
}

/** Every identity column's sequence continues after the largest id now in its table. */
async function resetIdentities(trx: AnyTrx, schema: string): Promise<void> {
  const cols = await sql<{ tbl: string; col: string }>`
    select c.relname as tbl, a.attname as col from pg_attribute a
    join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = ${schema} and a.attidentity <> '' and not a.attisdropped`.execute(trx);
  for (const { tbl, col } of cols.rows) {
    const rel = `${quote(schema)}.${quote(tbl)}`;
    await sql
      .raw(
        `select setval(pg_get_serial_sequence('${rel.replace(/'/g, "''")}', '${col.replace(/'/g, "''")}'), coalesce((select max(${quote(col)}) from ${rel}), 0) + 1, false)`,
      )
      .execute(trx);
  }
}

export interface ImportInput {
  file: string;
  schema: string;
  domain?: string | null;
}

/**
 * Restores an export into a NEW schema: the file is verified end to end first (header, every
 * line, counts, checksum), a file from a newer migration version is refused, taken domains are
 * refused up front; then one transaction creates and fills the tenant and migrates it.
 */
export async function importTenant(db: Db, input: ImportInput): Promise<{ tenant: TenantRow; counts: Record<string, number> }> {
  const schema = checkedSchema(input.schema);
  const domain = input.domain ? checkedDomain(input.domain) : null;
  const { header, counts } = await verifyExport(input.file);
  const atVersion = migrationsUpTo(header.migrations, 'The export file');
  const domains = domain ? [{ domain, is_primary: true }] : header.domains.map((d) => ({ ...d, domain: checkedDomain(d.domain) }));
  if (!domains.length) throw new UserError('The export file has no domain; give one with --domain.', 400, 'domain');
  const tenant = await createFilled(
    db,
    {
      schema,
      name: header.tenant.name,
      paidUntil: header.tenant.paid_until,
      onTrial: header.tenant.on_trial,
      status: header.tenant.status,
      domains,
    },
    atVersion,
    async (trx) => {
      // Checked inside the (still empty, rolled back on error) transaction: the file's tables
      // must be exactly those its migration version creates.
      const expected = await tablesInOrder(trx, schema);
      const unknownTable = header.tables.find((t) => !expected.includes(t));
      if (unknownTable)
        throw new UserError(`The export file has a table '${unknownTable}' its migration version does not create.`, 400, 'file');
      for await (const batch of exportBatches(input.file, FETCH)) {
        const rel = sql.id(schema, batch.table);
        await sql`insert into ${rel} overriding system value select * from json_populate_recordset(null::${rel}, ${JSON.stringify(batch.rows)}::json)`.execute(
          trx,
        );
      }
    },
  );
  return { tenant, counts };
}

export interface CloneInput {
  from: string;
  schema: string;
  domain: string;
  data?: boolean;
  name?: string;
}

/**
 * A new tenant from an existing one: structure only by default (a template), with `data` a full
 * copy (ids, sequences and constraints intact), copied table by table inside the database in one
 * transaction.
 */
export async function cloneTenant(db: Db, input: CloneInput): Promise<TenantRow> {
  const from = checkedSchema(input.from, 'from');
  const schema = checkedSchema(input.schema);
  const domain = checkedDomain(input.domain);
  const source = await tenantRow(db, from);
  const applied = input.data ? await appliedMigrations(db, from) : tenantMigrations.map((m) => m.name);
  const atVersion = migrationsUpTo(applied, `Tenant '${from}'`);
  const row = await createFilled(
    db,
    {
      schema,
      name: input.name?.trim() || `${source.name} (copy)`,
      paidUntil: source.paid_until,
      onTrial: source.on_trial,
      status: 'active',
      domains: [{ domain, is_primary: true }],
    },
    atVersion,
    async (trx) => {
      if (!input.data) return;
      // The source stays readable by traffic; a share lock keeps writers out while it is copied,
      // so the copy is one consistent state.
      const tables = await tablesInOrder(trx, from);
      for (const table of tables) await sql`lock table ${sql.id(from, table)} in share mode`.execute(trx);
      for (const table of tables)
        await sql`insert into ${sql.id(schema, table)} overriding system value select * from ${sql.id(from, table)}`.execute(trx);
    },
  );
  // The logo is part of the data (a file, not a row): a copy with data has it too.
  if (input.data) await copyLogo(source.id, row.id);
  return row;
}

/**
 * Renames a tenant's schema and its record in one transaction; every process drops its host
 * cache on the NOTIFY that commits with it, so the tenant's domains keep working at once.
 */
export async function renameTenant(db: Db, fromInput: string, toInput: string): Promise<TenantRow> {
  const from = checkedSchema(fromInput);
  const to = checkedSchema(toInput, 'to');
  if (from === to) throw new UserError(`The tenant is already called '${to}'.`, 400, 'to');
  await tenantRow(db, from);
  await assertFree(db, { schema: to, name: '', paidUntil: null, onTrial: false, status: 'active', domains: [] });
  try {
    const row = await db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('public.tenants')
        .set({ schema_name: to })
        .where('schema_name', '=', from)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw new UserError(`No tenant with schema '${from}'.`, 404, 'schema');
      await renameSchema(trx, from, to);
      await renameTenantRole(trx, from, to);
      await notifyTenancyChange(trx, to);
      return row;
    });
    invalidateTenantCache();
    return row;
  } catch (err) {
    if (pgErrorCode(err) === '23505' || pgErrorCode(err) === '42P06')
      throw new UserError(`The schema name '${to}' is already taken.`, 409, 'to');
    if (pgErrorCode(err) === '42710') throw new UserError(`A database role named '${tenantRoleName(to)}' already exists.`, 409, 'to');
    throw err;
  }
}
