// Schema-name and signup-subdomain validation: checked before any name reaches SQL (SECURITY.md, tenant isolation).

export type SchemaNameResult = { ok: true; schema: string } | { ok: false; error: string };
export type SubdomainResult = { ok: true; subdomain: string; schema: string } | { ok: false; error: string };

/**
 * Keywords PostgreSQL marks "reserved" or "reserved (can be function or type)" in the SQL Key
 * Words appendix; taken from pg_get_keywords() (catcode R and T) of PostgreSQL 15 and 18.
 */
export const PG_RESERVED_KEYWORDS: ReadonlySet<string> = new Set([
  'all',
  'analyse',
  'analyze',
  'and',
  'any',
  'array',
  'as',
  'asc',
  'asymmetric',
  'authorization',
  'binary',
  'both',
  'case',
  'cast',
  'check',
  'collate',
  'collation',
  'column',
  'concurrently',
  'constraint',
  'create',
  'cross',
  'current_catalog',
  'current_date',
  'current_role',
  'current_schema',
  'current_time',
  'current_timestamp',
  'current_user',
  'default',
  'deferrable',
  'desc',
  'distinct',
  'do',
  'else',
  'end',
  'except',
  'false',
  'fetch',
  'for',
  'foreign',
  'freeze',
  'from',
  'full',
  'grant',
  'group',
  'having',
  'ilike',
  'in',
  'initially',
  'inner',
  'intersect',
  'into',
  'is',
  'isnull',
  'join',
  'lateral',
  'leading',
  'left',
  'like',
  'limit',
  'localtime',
  'localtimestamp',
  'natural',
  'not',
  'notnull',
  'null',
  'offset',
  'on',
  'only',
  'or',
  'order',
  'outer',
  'overlaps',
  'placing',
  'primary',
  'references',
  'returning',
  'right',
  'select',
  'session_user',
  'similar',
  'some',
  'symmetric',
  'system_user',
  'table',
  'tablesample',
  'then',
  'to',
  'trailing',
  'true',
  'union',
  'unique',
  'user',
  'using',
  'variadic',
  'verbose',
  'when',
  'where',
  'window',
  'with',
]);

/** Names that collide with hosts, routes or infrastructure of the app itself. */
export const APP_RESERVED_NAMES: ReadonlySet<string> = new Set([
  'www',
  'admin',
  'api',
  'app',
  'root',
  'sites',
  'static',
  'assets',
  'mail',
  'ftp',
  'localhost',
  'quorum',
  'postgres',
  'pgbouncer',
  'default',
  'template0',
  'template1',
]);

const SYSTEM_SCHEMAS: ReadonlySet<string> = new Set(['public', 'information_schema']);

/** Why a syntactically valid schema name is not allowed, or null if it is free to use. */
function reservedReason(name: string): string | null {
  if (name.startsWith('pg_')) return "names starting with 'pg_' are reserved by PostgreSQL";
  if (SYSTEM_SCHEMAS.has(name)) return `'${name}' is a PostgreSQL system schema`;
  if (PG_RESERVED_KEYWORDS.has(name)) return `'${name}' is a reserved PostgreSQL keyword`;
  if (APP_RESERVED_NAMES.has(name)) return `'${name}' is reserved by Quorum`;
  return null;
}

/** Tenant schema name: ^[a-z][a-z0-9_]*$, 1–63 bytes, not pg_*, system or reserved. */
export function validateSchemaName(s: string): SchemaNameResult {
  const fail = (error: string) => ({ ok: false as const, error });
  if (typeof s !== 'string' || s === '') return fail('Schema name is empty.');
  if (/^[A-Za-z][A-Za-z0-9_]*$/.test(s) && /[A-Z]/.test(s)) return fail('Schema name must be lowercase.');
  if (!/^[a-z]/.test(s)) return fail('Schema name must start with a lowercase letter.');
  if (!/^[a-z][a-z0-9_]*$/.test(s)) return fail('Schema name may only contain lowercase letters, digits and underscores.');
  if (s.length > 63) return fail('Schema name is longer than 63 characters.'); // ASCII here, so chars = bytes
  const reason = reservedReason(s);
  if (reason) return fail(`Schema name '${s}' is not allowed: ${reason}.`);
  return { ok: true, schema: s };
}

/** Like validateSchemaName but throws Error(message); returns the name for inline use. */
export function assertSchemaName(s: string): string {
  const result = validateSchemaName(s);
  if (!result.ok) throw new Error(result.error);
  return result.schema;
}

/** Signup subdomains map to schema names by '-' → '_' (injective: '_' is not a DNS-label char). */
export function subdomainToSchema(sub: string): string {
  return sub.replace(/-/g, '_');
}

/** Signup subdomain: a DNS label that is also a free schema name; trimmed and lowercased. */
export function validateSubdomain(s: string): SubdomainResult {
  const fail = (error: string) => ({ ok: false as const, error });
  const sub = typeof s === 'string' ? s.trim().toLowerCase() : '';
  if (sub === '') return fail('Subdomain is empty.');
  if (!/^[a-z0-9-]+$/.test(sub)) return fail('Subdomain may only contain letters, digits and hyphens.');
  if (sub.length > 63) return fail('Subdomain is longer than 63 characters.');
  if (sub.startsWith('-') || sub.endsWith('-')) return fail('Subdomain may not start or end with a hyphen.');
  if (!/^[a-z]/.test(sub)) return fail('Subdomain must start with a letter.');
  // 'ab--' labels are reserved for IDNA ('xn--'); allowing them invites look-alike hosts.
  if (sub.slice(2, 4) === '--') return fail("Subdomain may not have '--' as its third and fourth characters.");
  const schema = subdomainToSchema(sub);
  if (reservedReason(schema) !== null || reservedReason(sub) !== null) {
    return fail(`Subdomain '${sub}' is reserved; please choose another.`);
  }
  return { ok: true, subdomain: sub, schema };
}
