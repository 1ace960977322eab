import { sql, type Kysely } from 'kysely';
import { assertSchemaName } from './schema-name';

// Every statement that names a schema or sets search_path is built here (SECURITY.md, tenant isolation):
// names are validated first and quoted, never concatenated raw.

/** `"acme"`: a validated schema name as a quoted identifier, the value search_path is set to. */
export function quotedSchema(schema: string): string {
  return quoteIdent(assertSchemaName(schema));
}

/** Any identifier, double-quoted (for SQL sent as text). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A string as an SQL literal (for SQL sent as text). */
export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** `'"acme"'`: the quoted schema as an SQL string literal, for SQL sent as text. */
export function searchPathLiteral(schema: string): string {
  return quoteLiteral(quotedSchema(schema));
}

/** The tenant context as text, for multi-statement scripts (the seeder's recorded DDL). */
export function setTenantSchemaSql(schema: string): string {
  return `select set_config('search_path', ${searchPathLiteral(schema)}, true)`;
}

/** `create schema "acme"` as text, for the same scripts. */
export function createSchemaSql(schema: string): string {
  return `create schema ${quotedSchema(schema)}`;
}

/**
 * The whole tenant context as ONE parameterised statement, sent in the same batch as BEGIN or the
 * query: search_path, the statement timeout and, in two-role mode, the tenant's role.
 * `set_config('role', $n, true)` is SET LOCAL ROLE in a form that takes a parameter (SET cannot);
 * like SET LOCAL it checks membership and ends with the transaction — also the implicit one of a
 * one-batch tenantStatement — so PgBouncer never hands a switched role to the next client.
 * The role is set last: the other two need no privilege, and the select list runs left to right.
 */
export function tenantContextStatement(
  schema: string,
  opts: { role?: string | null; statementTimeoutMs?: number | null },
): { readonly text: string; readonly values: readonly unknown[] } {
  // Built once per schema, timeout and role (every tenant statement sends one), not per statement.
  const timeout = opts.statementTimeoutMs == null ? null : Math.max(0, Math.floor(opts.statementTimeoutMs));
  const key = `${schema}\u0000${timeout ?? ''}\u0000${opts.role ?? ''}`;
  let st = contexts.get(key);
  if (!st) {
    st = Object.freeze(buildContextStatement(schema, opts.role ?? null, timeout));
    if (contexts.size >= MAX_CONTEXTS) contexts.clear();
    contexts.set(key, st);
  }
  return st;
}

const MAX_CONTEXTS = 20_000;
const contexts = new Map<string, { readonly text: string; readonly values: readonly unknown[] }>();

function buildContextStatement(schema: string, role: string | null, timeout: number | null): { text: string; values: unknown[] } {
  const calls = ["set_config('search_path', $1, true)"];
  const values: unknown[] = [quotedSchema(schema)];
  if (timeout !== null) {
    values.push(String(timeout));
    calls.push(`set_config('statement_timeout', $${values.length}, true)`);
  }
  if (role) {
    values.push(role);
    calls.push(`set_config('role', $${values.length}, true)`);
  }
  return { text: `select ${calls.join(', ')}`, values };
}

/**
 * Points a transaction the caller opened at a tenant's schema (transaction-local, as in
 * withTenant). For code that runs its own transaction on the direct connection and touches
 * public tables too: provisioning, migrations, the seeder.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function setTenantSchema(trx: Kysely<any>, schema: string): Promise<void> {
  await sql.raw(setTenantSchemaSql(schema)).execute(trx);
}

/** search_path = public only, transaction-local (the shared migrations). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function setPublicSchema(trx: Kysely<any>): Promise<void> {
  await sql`select set_config('search_path', 'public', true)`.execute(trx);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function createSchema(trx: Kysely<any>, schema: string): Promise<void> {
  await sql`create schema ${sql.id(assertSchemaName(schema))}`.execute(trx);
}

/** Drops schemas and everything in them (one statement for all of them). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function dropSchemas(trx: Kysely<any>, schemas: string[]): Promise<void> {
  if (schemas.length === 0) return;
  await sql`drop schema if exists ${sql.join(schemas.map((s) => sql.id(assertSchemaName(s))))} cascade`.execute(trx);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function renameSchema(trx: Kysely<any>, from: string, to: string): Promise<void> {
  await sql`alter schema ${sql.id(assertSchemaName(from))} rename to ${sql.id(assertSchemaName(to))}`.execute(trx);
}
