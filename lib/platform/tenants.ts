import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { PublicDatabase, TenantRow } from '@/lib/infra/db/schema';
import { UserError, pgErrorCode } from '@/lib/infra/errors';
import { validateDomain } from '@/lib/tenancy/host';
import { notifyTenancyChange } from '@/lib/tenancy/operator';
import { invalidateTenantCache } from '@/lib/tenancy/operator';
import { assertSchemaName } from '@/lib/tenancy/schema-name';
import { isRootSubdomain, newVerificationToken } from './domain-verification';
import { tenantStorage } from '@/lib/infra/storage/storage';
import { dropSchemas } from '@/lib/tenancy/operator';
import { dropTenantRoles } from '@/lib/tenancy/operator';

type Db = Kysely<PublicDatabase>;

export interface TenantListItem extends TenantRow {
  primary_domain: string | null;
  domain_count: number;
}

export const tenantListQuery = z.object({
  q: z.string().trim().max(100).optional(),
  sort: z.enum(['schema_name', 'name', 'created_at', 'paid_until', 'status']).default('created_at'),
  dir: z.enum(['asc', 'desc']).default('desc'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  perPage: z.coerce.number().int().min(1).max(500).default(25),
});
export type TenantListQuery = z.input<typeof tenantListQuery>;

export async function listTenants(db: Db, raw: TenantListQuery = {}): Promise<{ rows: TenantListItem[]; total: number }> {
  const q = tenantListQuery.parse(raw);
  let base = db.selectFrom('public.tenants as t');
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    base = base.where((eb) =>
      eb.or([
        eb('t.schema_name', 'ilike', like),
        eb('t.name', 'ilike', like),
        eb.exists(
          eb.selectFrom('public.domains as dd').select('dd.id').whereRef('dd.tenant_id', '=', 't.id').where('dd.domain', 'ilike', like),
        ),
      ]),
    );
  }
  const [rows, count] = await Promise.all([
    base
      .selectAll('t')
      .select([
        sql<string | null>`(select d.domain from public.domains d where d.tenant_id = t.id and d.is_primary)`.as('primary_domain'),
        sql<number>`(select count(*)::int from public.domains d where d.tenant_id = t.id)`.as('domain_count'),
      ])
      .orderBy(`t.${q.sort}`, q.dir)
      .orderBy('t.id', q.dir)
      .limit(q.perPage)
      .offset((q.page - 1) * q.perPage)
      .execute(),
    base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.n };
}

export async function getTenantBySchema(db: Db, schema: string): Promise<TenantRow> {
  const row = await db.selectFrom('public.tenants').selectAll().where('schema_name', '=', schema).executeTakeFirst();
  if (!row) throw new UserError(`No tenant with schema '${schema}'.`, 404, 'schema');
  return row;
}

export async function listDomains(db: Db, tenantId: number) {
  return db
    .selectFrom('public.domains')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('is_primary', 'desc')
    .orderBy('domain')
    .execute();
}

/** Runs a change to tenants/domains and makes it live at once in every process. */
async function change<T>(db: Db, what: string, fn: (trx: Db) => Promise<T>): Promise<T> {
  const out = await db.transaction().execute(async (trx) => {
    const r = await fn(trx);
    await notifyTenancyChange(trx, what);
    return r;
  });
  invalidateTenantCache();
  return out;
}

export const tenantUpdate = z.object({
  name: z.string().trim().min(1, 'Name is required.').max(200, 'Name is at most 200 characters.').optional(),
  paidUntil: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Paid-until must be a date like 2027-01-31.')
    .refine((s) => !Number.isNaN(Date.parse(s)), 'Paid-until is not a real date.')
    .nullable()
    .optional(),
  onTrial: z.boolean().optional(),
  publicReads: z.boolean().optional(),
  status: z.enum(['active', 'suspended']).optional(),
  statementTimeoutMs: z
    .number({ message: 'The statement timeout must be a whole number of milliseconds.' })
    .int('The statement timeout must be a whole number of milliseconds.')
    .min(100, 'The statement timeout is at least 100 ms.')
    .max(600_000, 'The statement timeout is at most 600,000 ms (10 minutes).')
    .nullable()
    .optional(),
  maxPolls: quota('polls'),
  maxUsers: quota('users'),
  // Fair share (issue 21): K, and request rates per second (0 = no limit; null = the default).
  maxConcurrency: z
    .number({ message: 'The concurrency must be a whole number.' })
    .int('The concurrency must be a whole number.')
    .min(1, 'The concurrency is at least 1.')
    .max(1000, 'The concurrency is at most 1,000.')
    .nullable()
    .optional(),
  rateLimit: rate('tenant'),
  rateLimitPerAddress: rate('per-address'),
});

function rate(what: string) {
  return z
    .number({ message: `The ${what} rate must be a whole number of requests per second.` })
    .int(`The ${what} rate must be a whole number of requests per second.`)
    .min(0, `The ${what} rate cannot be negative (0 means no limit).`)
    .max(1_000_000, `The ${what} rate is at most 1,000,000 requests per second.`)
    .nullable()
    .optional();
}

function quota(what: string) {
  return z
    .number({ message: `The ${what} quota must be a whole number.` })
    .int(`The ${what} quota must be a whole number.`)
    .min(0, `The ${what} quota cannot be negative.`)
    .max(1_000_000_000, `The ${what} quota is at most 1,000,000,000.`)
    .nullable()
    .optional();
}

/** A quota below what the tenant already has is refused, with the current figure. */
async function assertQuotaCovers(trx: Db, schema: string, table: 'polls' | 'users', max: number | null | undefined, field: string) {
  if (max === null || max === undefined) return;
  const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.id(assertSchemaName(schema), table)}`.execute(trx);
  const n = r.rows[0].n;
  if (n > max) throw new UserError(`This tenant already has ${n} ${table}; the ${table} quota cannot be set below ${n}.`, 409, field);
}

export async function updateTenant(db: Db, schema: string, raw: z.input<typeof tenantUpdate>): Promise<TenantRow> {
  const parsed = tenantUpdate.safeParse(raw);
  if (!parsed.success) throw new UserError(parsed.error.issues[0].message, 400, parsed.error.issues[0].path.join('.'));
  const u = parsed.data;
  return change(db, schema, async (trx) => {
    const row = await trx
      .updateTable('public.tenants')
      .set({
        ...(u.name !== undefined && { name: u.name }),
        ...(u.paidUntil !== undefined && { paid_until: u.paidUntil }),
        ...(u.onTrial !== undefined && { on_trial: u.onTrial }),
        ...(u.publicReads !== undefined && { public_reads: u.publicReads }),
        ...(u.status !== undefined && { status: u.status }),
        ...(u.statementTimeoutMs !== undefined && { statement_timeout_ms: u.statementTimeoutMs }),
        ...(u.maxPolls !== undefined && { max_polls: u.maxPolls }),
        ...(u.maxUsers !== undefined && { max_users: u.maxUsers }),
        ...(u.maxConcurrency !== undefined && { max_concurrency: u.maxConcurrency }),
        ...(u.rateLimit !== undefined && { rate_limit: u.rateLimit }),
        ...(u.rateLimitPerAddress !== undefined && { rate_limit_per_address: u.rateLimitPerAddress }),
      })
      .where('schema_name', '=', schema)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new UserError(`No tenant with schema '${schema}'.`, 404, 'schema');
    // After the update (which locks the tenant row) and in the same transaction: nothing is changed if refused.
    await assertQuotaCovers(trx, schema, 'polls', u.maxPolls, 'maxPolls');
    await assertQuotaCovers(trx, schema, 'users', u.maxUsers, 'maxUsers');
    return row;
  });
}

/** Deletes the tenant row (and its domains); with dropSchema also its schema and data, atomically. */
export async function deleteTenant(db: Db, schema: string, opts: { dropSchema: boolean }): Promise<void> {
  const name = assertSchemaName(schema);
  const id = await change(db, name, async (trx) => {
    const row = await trx.deleteFrom('public.tenants').where('schema_name', '=', name).returning('id').executeTakeFirst();
    if (!row) throw new UserError(`No tenant with schema '${name}'.`, 404, 'schema');
    if (opts.dropSchema) await dropSchemas(trx, [name]);
    await dropTenantRoles(trx, [name]);
    return row.id;
  });
  // Its files (keyed by the tenant id, which is never reused) go once the deletion has committed.
  await tenantStorage().removeTenant(id);
}

function checkedDomain(input: string): string {
  const v = validateDomain(input);
  if (!v.ok) throw new UserError(v.error, 400, 'domain');
  return v.domain;
}

/**
 * Adds a domain. A custom domain (not under ROOT_DOMAIN) starts pending, with a token for its TXT
 * record (see domain-verification.ts), unless `verified` says the operator vouches for it.
 */
export async function addDomain(db: Db, schema: string, domainInput: string, opts: { primary?: boolean; verified?: boolean } = {}) {
  const domain = checkedDomain(domainInput);
  const pending = !opts.verified && !isRootSubdomain(domain);
  if (pending && opts.primary)
    throw new UserError(
      `'${domain}' must be verified before it can be the primary domain: add it, create its TXT record, verify it.`,
      409,
      'domain',
    );
  return change(db, schema, async (trx) => {
    const t = await getTenantBySchema(trx, schema);
    if (opts.primary) await trx.updateTable('public.domains').set({ is_primary: false }).where('tenant_id', '=', t.id).execute();
    try {
      return await trx
        .insertInto('public.domains')
        .values({
          domain,
          tenant_id: t.id,
          is_primary: !!opts.primary,
          verified: !pending,
          verification_token: pending ? newVerificationToken() : null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    } catch (err) {
      if (pgErrorCode(err) === '23505') throw new UserError(`The domain '${domain}' is already in use.`, 409, 'domain');
      throw err;
    }
  });
}

export async function removeDomain(db: Db, schema: string, domainInput: string): Promise<void> {
  const domain = checkedDomain(domainInput);
  await change(db, schema, async (trx) => {
    const t = await getTenantBySchema(trx, schema);
    const d = await trx
      .selectFrom('public.domains')
      .selectAll()
      .where('tenant_id', '=', t.id)
      .where('domain', '=', domain)
      .executeTakeFirst();
    if (!d) throw new UserError(`'${domain}' is not a domain of '${schema}'.`, 404, 'domain');
    if (d.is_primary) throw new UserError(`'${domain}' is the primary domain; make another domain primary first.`, 409, 'domain');
    await trx.deleteFrom('public.domains').where('id', '=', d.id).execute();
  });
}

export async function setPrimaryDomain(db: Db, schema: string, domainInput: string): Promise<void> {
  const domain = checkedDomain(domainInput);
  await change(db, schema, async (trx) => {
    const t = await getTenantBySchema(trx, schema);
    const d = await trx
      .selectFrom('public.domains')
      .select(['id', 'verified'])
      .where('tenant_id', '=', t.id)
      .where('domain', '=', domain)
      .executeTakeFirst();
    if (!d) throw new UserError(`'${domain}' is not a domain of '${schema}'.`, 404, 'domain');
    if (!d.verified) throw new UserError(`'${domain}' is still pending verification; verify it before making it primary.`, 409, 'domain');
    await trx
      .updateTable('public.domains')
      .set({ is_primary: false })
      .where('tenant_id', '=', t.id)
      .where('is_primary', '=', true)
      .execute();
    await trx.updateTable('public.domains').set({ is_primary: true }).where('id', '=', d.id).execute();
  });
}

/** The tenant row of a schema, or undefined (no error: for "create if missing" callers). */
export async function findTenantBySchema(db: Db, schema: string): Promise<TenantRow | undefined> {
  return db.selectFrom('public.tenants').selectAll().where('schema_name', '=', schema).executeTakeFirst();
}

/** A tenant by id with its primary domain (null if none), for work queued under that id (jobs). */
export function findTenantById(db: Db, id: number) {
  return db
    .selectFrom('public.tenants as t')
    .select((eb) => [
      't.id',
      't.schema_name',
      't.name',
      't.status',
      eb
        .selectFrom('public.domains as d')
        .select('d.domain')
        .whereRef('d.tenant_id', '=', 't.id')
        .where('d.is_primary', '=', true)
        .as('host'),
    ])
    .where('t.id', '=', id)
    .executeTakeFirst();
}

export async function countTenants(db: Db): Promise<number> {
  const r = await db
    .selectFrom('public.tenants')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Every domain with its tenant id, primary first per tenant, then by name. */
export function listAllDomains(db: Db): Promise<{ tenant_id: number; domain: string }[]> {
  return db
    .selectFrom('public.domains')
    .select(['tenant_id', 'domain'])
    .orderBy('tenant_id')
    .orderBy('is_primary', 'desc')
    .orderBy('domain')
    .execute();
}

/** True if a tenant already has this schema or any tenant this domain (signup's live check). */
export async function schemaOrDomainTaken(db: Db, schema: string, domain: string): Promise<boolean> {
  const [t, d] = await Promise.all([
    db.selectFrom('public.tenants').select('id').where('schema_name', '=', schema).executeTakeFirst(),
    db.selectFrom('public.domains').select('id').where('domain', '=', domain).executeTakeFirst(),
  ]);
  return !!t || !!d;
}
