import { createHash } from 'node:crypto';
import os from 'node:os';
import { sql, type Kysely } from 'kysely';
import type pg from 'pg';
import { directUrl, pooledUrl } from '@/lib/infra/db/pool';
import { assertSchemaName } from './schema-name';
import { quoteIdent, quotedSchema, quoteLiteral } from './schema-ops';
import { databaseUrl, pgUser } from '@/lib/config/env';

// Isolation enforced by PostgreSQL (SECURITY.md). When DATABASE_URL (the request role, through
// PgBouncer) and DIRECT_DATABASE_URL (the owner: DDL, migrations, provisioning) name different
// roles, every tenant has a NOLOGIN role `tenant_<schema>` holding the privileges on its own
// schema only; the request role is a NOINHERIT member of all of them, so it reaches a tenant's
// tables only after the `SET LOCAL ROLE` that withTenant/tenantStatement send with the context.
// When both URLs name the same role (single-role mode) nothing here runs: everything works as before.

export interface RoleMode {
  mode: 'single-role' | 'two-role';
  /** The role of DIRECT_DATABASE_URL. */
  owner: string;
  /** The role of DATABASE_URL. */
  request: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

function urlUser(url: string): string {
  try {
    const u = decodeURIComponent(new URL(url).username);
    if (u) return u;
  } catch {
    // not a URL (a libpq keyword string): fall through to libpq's defaults
  }
  return pgUser() || os.userInfo().username;
}

let cached: { key: string; mode: RoleMode } | undefined;

/** Which mode is on, from the two URLs (decided once per pair; no database round trip). */
export function roleMode(): RoleMode {
  const pooled = pooledUrl();
  const direct = directUrl();
  const key = `${pooled}\n${direct}`;
  if (cached?.key === key) return cached.mode;
  const owner = urlUser(direct);
  const request = urlUser(pooled);
  const mode: RoleMode = { mode: owner === request ? 'single-role' : 'two-role', owner, request };
  cached = { key, mode };
  return mode;
}

/** What the mode means for isolation, in one sentence (the admin pool page shows it). */
export function roleModeSummary(m: RoleMode): string {
  return m.mode === 'two-role'
    ? `requests run as ${m.request}, switched to each tenant’s own role; DDL as ${m.owner}.`
    : `both URLs use ${m.owner}: isolation rests on the transaction-local search_path alone.`;
}

const poolSwitches = new WeakMap<pg.Pool, boolean>();

/**
 * Whether tenant transactions on this pool must switch to the tenant's role: in two-role mode, every
 * pool that does not connect as the owner (the owner's tools — migrations, provisioning, exec over
 * directDb() — own every schema and need no switch).
 */
export function poolSwitchesRole(pool: pg.Pool): boolean {
  let v = poolSwitches.get(pool);
  if (v === undefined) {
    // No DATABASE_URL (a tool handing in its own pool): there is no request role to tell apart.
    if (!databaseUrl()) return false;
    const m = roleMode();
    const opts = (pool as unknown as { options?: { connectionString?: string; user?: string } }).options ?? {};
    const user = opts.user ?? (opts.connectionString ? urlUser(opts.connectionString) : m.request);
    v = m.mode === 'two-role' && user !== m.owner;
    poolSwitches.set(pool, v);
  }
  return v;
}

/**
 * `tenant_<schema>`. Role names have the same 63-byte limit as schema names, so a schema longer
 * than 56 characters gets a shortened name with a hash (PostgreSQL would otherwise truncate two
 * long names to the same role).
 */
export function tenantRoleName(schema: string): string {
  const s = assertSchemaName(schema);
  const plain = `tenant_${s}`;
  if (plain.length <= 63) return plain;
  return `tenant_${s.slice(0, 46)}_${createHash('sha256').update(s).digest('hex').slice(0, 9)}`;
}

const TABLE_PRIVS = 'select, insert, update, delete';
const SEQ_PRIVS = 'usage, select, update';

function assertRoleName(role: string): string {
  // The request role is interpolated into a dollar-quoted DO body: keep `$` out of it.
  if (!role || role.includes('$') || role.length > 63) throw new Error(`'${role}' is not a usable role name.`);
  return role;
}

/**
 * PL/pgSQL that grants `role` (or revokes from it) the privileges on every table and sequence of
 * `schema`, naming them. Not `GRANT … ON ALL TABLES IN SCHEMA`: PostgreSQL finds those by a full
 * scan of pg_class (it has no index on relnamespace), so each such grant cost a pass over every
 * tenant's relations and seeding with roles slowed down quadratically. The schema's relations are
 * found here through pg_depend's index on the referenced object (every relation depends on its
 * schema). Needs the DO block's `_tables` and `_sequences` variables.
 */
function relationPrivileges(schema: string, verb: 'grant' | 'revoke', role: string): string {
  const [tablePrivs, seqPrivs, prep] = verb === 'grant' ? [TABLE_PRIVS, SEQ_PRIVS, 'to'] : ['all', 'all', 'from'];
  return `select string_agg(format('%I.%I', n.nspname, c.relname), ', ') filter (where c.relkind in ('r', 'p')),
      string_agg(format('%I.%I', n.nspname, c.relname), ', ') filter (where c.relkind = 'S')
    into _tables, _sequences
    from pg_depend d join pg_class c on c.oid = d.objid join pg_namespace n on n.oid = c.relnamespace
    where d.refclassid = 'pg_namespace'::regclass and d.refobjid = (select oid from pg_namespace where nspname = ${quoteLiteral(schema)})
      and d.classid = 'pg_class'::regclass and c.relkind in ('r', 'p', 'S');
  if _tables is not null then execute ${quoteLiteral(`${verb} ${tablePrivs} on table `)} || _tables || ${quoteLiteral(` ${prep} ${role}`)}; end if;
  if _sequences is not null then execute ${quoteLiteral(`${verb} ${seqPrivs} on sequence `)} || _sequences || ${quoteLiteral(` ${prep} ${role}`)}; end if;`;
}

/**
 * One statement (a DO block: one round trip) that creates the roles of `schemas` where missing and
 * (re)grants each exactly what it needs; idempotent, so it both provisions and repairs. The
 * membership grant names all the roles in one GRANT (the seeder passes a batch of tenants).
 */
export function tenantRolesScript(schemas: string[], requestRole: string): string {
  const req = quoteIdent(assertRoleName(requestRole));
  const roles = schemas.map((schema) => quoteIdent(tenantRoleName(schema)));
  const parts = schemas.map((schema, i) => {
    const r = roles[i];
    const s = quotedSchema(schema);
    return `if not exists (select from pg_roles where rolname = ${quoteLiteral(tenantRoleName(schema))}) then create role ${r} nologin; end if;
  grant usage on schema ${s} to ${r};
  ${relationPrivileges(schema, 'grant', r)}
  alter default privileges in schema ${s} grant ${TABLE_PRIVS} on tables to ${r};
  alter default privileges in schema ${s} grant ${SEQ_PRIVS} on sequences to ${r};
  revoke all on schema ${s} from ${req};`;
  });
  return `do $quorum$ declare _tables text; _sequences text; begin
  ${parts.join('\n  ')}
  grant ${roles.join(', ')} to ${req};
end $quorum$`;
}

/** tenantRolesScript for one tenant. */
export function tenantRoleScript(schema: string, requestRole: string): string {
  return tenantRolesScript([schema], requestRole);
}

/** Creates/repairs one tenant's role inside the caller's (owner) transaction; a no-op in single-role mode. */
export async function ensureTenantRole(trx: AnyDb, schema: string): Promise<void> {
  const m = roleMode();
  if (m.mode !== 'two-role') return;
  await sql.raw(tenantRoleScript(schema, m.request)).execute(trx);
}

/**
 * Drops the roles of tenants being deleted (whichever exist: a tenant created in single-role mode
 * has none). Their grants are revoked first — the schema may be kept — so DROP ROLE finds no
 * dependency in this database. Transactional like the rest of the delete.
 */
export async function dropTenantRoles(trx: AnyDb, schemas: string[]): Promise<void> {
  if (schemas.length === 0) return;
  const names = schemas.map((s) => tenantRoleName(s));
  const existing = await sql<{ rolname: string }>`select rolname from pg_roles where rolname = any(${names})`.execute(trx);
  if (existing.rows.length === 0) return;
  const present = new Set(existing.rows.map((r) => r.rolname));
  const schemaOf = new Map(schemas.map((s) => [tenantRoleName(s), s]));
  const parts: string[] = [];
  for (const role of present) {
    const s = quotedSchema(schemaOf.get(role)!);
    const r = quoteIdent(role);
    parts.push(
      `if exists (select from pg_namespace where nspname = ${quoteLiteral(schemaOf.get(role)!)}) then
    ${relationPrivileges(schemaOf.get(role)!, 'revoke', r)}
    revoke all on schema ${s} from ${r};
    alter default privileges in schema ${s} revoke all on tables from ${r};
    alter default privileges in schema ${s} revoke all on sequences from ${r};
  end if;
  drop role ${r};`,
    );
  }
  await sql.raw(`do $quorum$ declare _tables text; _sequences text; begin\n  ${parts.join('\n  ')}\nend $quorum$`).execute(trx);
}

/** Renames a tenant's role with its schema (grants follow the role's OID); no-op if it has none. */
export async function renameTenantRole(trx: AnyDb, from: string, to: string): Promise<void> {
  const a = tenantRoleName(from);
  const b = tenantRoleName(to);
  const r = await sql`select 1 from pg_roles where rolname = ${a}`.execute(trx);
  if (r.rows.length === 0) return;
  await sql`alter role ${sql.id(a)} rename to ${sql.id(b)}`.execute(trx);
}

/**
 * What the request role may touch in public: the host lookups and the login limiter, nothing else.
 * (Tenant roles call the job-queue functions through PUBLIC's EXECUTE: see their migration.)
 */
function publicGrantsScript(requestRole: string): string {
  const req = quoteIdent(assertRoleName(requestRole));
  return `do $quorum$ begin
  grant usage on schema public to ${req};
  grant select on public.tenants, public.domains to ${req};
  grant select, insert, update, delete on public.login_limits to ${req};
  if exists (select from pg_roles where rolname = ${quoteLiteral(requestRole)} and rolinherit) then
    alter role ${req} noinherit;
  end if;
end $quorum$`;
}

export interface RoleDrift {
  mode: RoleMode['mode'];
  /** Tenants whose role is missing or lacks a grant (or whose schema the request role reaches directly). */
  tenants: { schema: string; problem: string }[];
  /** Problems of the request role itself (inherits; public grants missing). */
  global: string[];
}

// A privilege the tenant role holds on relation c by the owner's grant, read from the ACL itself:
// four times cheaper than has_table_privilege() over 10,000 tenants' relations (no role-membership
// walk per call); what tenantRolesScript grants is exactly this.
const held = (privilege: 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE' | 'USAGE') =>
  sql`aclcontains(coalesce(c.relacl, '{}'), makeaclitem(t.roid, c.relowner, ${sql.lit(privilege)}, false))`;

/**
 * Drift in two catalog queries for any number of tenants; empty in single-role mode. Set-based:
 * pg_class has no index on relnamespace, so a per-tenant subquery over it (the first version)
 * scanned the whole catalog once per tenant — minutes at 10,000 tenants. Here pg_class is read
 * once and hash-joined to the tenant schemas, the table grants are read from the ACLs, and the
 * request role's oid is resolved once.
 */
export async function checkRoleDrift(db: AnyDb, opts: { schema?: string } = {}): Promise<RoleDrift> {
  const m = roleMode();
  const drift: RoleDrift = { mode: m.mode, tenants: [], global: [] };
  if (m.mode !== 'two-role') return drift;
  let tq = db.selectFrom('public.tenants').select('schema_name');
  if (opts.schema) tq = tq.where('schema_name', '=', opts.schema);
  const schemas = (await tq.execute()).map((t: { schema_name: string }) => t.schema_name as string);
  const roles = schemas.map((s) => tenantRoleName(s));
  const [rows, req] = await Promise.all([
    sql<{ schema: string; role_exists: boolean; member: boolean; usage: boolean; tables_ok: boolean; direct: boolean }>`
      with req as (select oid from pg_roles where rolname = ${m.request}),
      t as materialized (
        select x.schema, n.oid as nsp, n.nspacl, r.oid as roid
        from unnest(${schemas}::text[], ${roles}::text[]) as x(schema, role)
        join pg_namespace n on n.nspname = x.schema
        left join pg_roles r on r.rolname = x.role),
      bad as (
        select distinct c.relnamespace as nsp
        from pg_class c join t on t.nsp = c.relnamespace
        where t.roid is not null and c.relkind in ('r', 'p', 'S')
          and not (case when c.relkind = 'S' then ${held('USAGE')}
                   else ${held('SELECT')} and ${held('INSERT')} and ${held('UPDATE')} and ${held('DELETE')} end)),
      members as (select am.roleid from pg_auth_members am where am.member = (select oid from req))
      select t.schema, t.roid is not null as role_exists,
        t.roid in (select roleid from members) as member,
        coalesce(has_schema_privilege(t.roid, t.nsp, 'USAGE'), false) as usage,
        t.nsp not in (select nsp from bad) as tables_ok,
        coalesce((select true from aclexplode(t.nspacl) a where a.grantee = (select oid from req) limit 1), false) as direct
      from t`.execute(db),
    sql<{ rolinherit: boolean; tenants: boolean; domains: boolean; limits: boolean }>`
      select rolinherit,
        has_table_privilege(oid, 'public.tenants', 'SELECT') as tenants,
        has_table_privilege(oid, 'public.domains', 'SELECT') as domains,
        has_table_privilege(oid, 'public.login_limits', 'UPDATE') as limits
      from pg_roles where rolname = ${m.request}`.execute(db),
  ]);
  const r = req.rows[0];
  if (!r) drift.global.push(`The request role '${m.request}' does not exist.`);
  else {
    if (r.rolinherit) drift.global.push(`The request role '${m.request}' inherits its memberships (it must be NOINHERIT).`);
    if (!r.tenants || !r.domains || !r.limits) drift.global.push(`The request role '${m.request}' lacks its grants on public tables.`);
  }
  for (const row of rows.rows) {
    const problems = [
      !row.role_exists && 'role missing',
      row.role_exists && !row.member && 'request role not a member',
      row.role_exists && !row.usage && 'no usage on its schema',
      row.role_exists && !row.tables_ok && 'missing table grants',
      row.direct && 'request role has direct privileges on the schema',
    ].filter(Boolean) as string[];
    if (problems.length > 0) drift.tenants.push({ schema: row.schema, problem: problems.join(', ') });
  }
  return drift;
}

export interface RoleSync {
  mode: RoleMode['mode'];
  checked: number;
  repaired: string[];
  failed: { schema: string; error: string }[];
}

const REPAIR_BATCH = 50;

/**
 * `tenants migrate`: sets up and repairs the roles and grants (idempotent). Finds drift with the
 * catalog queries above and rewrites only the tenants that drifted, so a run over 10,000 healthy
 * tenants costs two queries.
 */
export async function syncTenantRoles(db: AnyDb, opts: { schema?: string; concurrency?: number } = {}): Promise<RoleSync> {
  const m = roleMode();
  const out: RoleSync = { mode: m.mode, checked: 0, repaired: [], failed: [] };
  if (m.mode !== 'two-role') return out;
  await sql.raw(publicGrantsScript(m.request)).execute(db);
  const drift = await checkRoleDrift(db, { schema: opts.schema });
  out.checked = opts.schema
    ? 1
    : await db
        .selectFrom('public.tenants')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
        .then((r: { n: string }) => Number(r.n));
  // Repairs in batches of REPAIR_BATCH tenants per statement (an upgrade that adds a grant to every
  // role repairs them all); a batch that fails is retried one tenant at a time, so one broken
  // tenant is reported alone and the others are still repaired.
  const todo: string[][] = [];
  for (let i = 0; i < drift.tenants.length; i += REPAIR_BATCH) todo.push(drift.tenants.slice(i, i + REPAIR_BATCH).map((t) => t.schema));
  const repair = async (schemas: string[]) => {
    try {
      await sql.raw(tenantRolesScript(schemas, m.request)).execute(db);
      out.repaired.push(...schemas);
    } catch (err) {
      if (schemas.length > 1) {
        for (const s of schemas) await repair([s]);
        return;
      }
      out.failed.push({ schema: schemas[0], error: err instanceof Error ? err.message : String(err) });
    }
  };
  const lanes = Array.from({ length: Math.min(opts.concurrency ?? 4, todo.length) }, async () => {
    for (let batch = todo.shift(); batch; batch = todo.shift()) await repair(batch);
  });
  await Promise.all(lanes);
  return out;
}
