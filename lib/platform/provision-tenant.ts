import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { PublicDatabase, TenantRow } from '@/lib/infra/db/schema';
import { UserError, pgConstraint, pgErrorCode } from '@/lib/infra/errors';
import { tenantMigrations } from '@/migrations/tenant';
import { validateDomain } from '@/lib/tenancy/host';
import { applyPending, latestName } from '@/lib/tenancy/operator';
import { notifyTenancyChange } from '@/lib/tenancy/operator';
import { invalidateTenantCache } from '@/lib/tenancy/operator';
import { validateSchemaName } from '@/lib/tenancy/schema-name';
import { createSchema, setTenantSchema } from '@/lib/tenancy/operator';
import { ensureTenantRole } from '@/lib/tenancy/operator';
import type { TenantDb } from '@/lib/tenancy';

export const provisionSteps = ['tenant-row', 'domain', 'schema', 'tables', 'admin', 'commit'] as const;
export type ProvisionStep = (typeof provisionSteps)[number];

export const provisionInput = z.object({
  schema: z.string(),
  name: z.string().trim().min(1, 'Name is required.').max(200, 'Name is at most 200 characters.'),
  domain: z.string(),
  paidUntil: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Paid-until must be a date like 2027-01-31.')
    .refine((s) => !Number.isNaN(Date.parse(s)), 'Paid-until is not a real date.')
    .nullish(),
  onTrial: z.boolean().default(true),
  /** Anonymous JSON API reads (on unless the creator says otherwise). */
  publicReads: z.boolean().default(true),
});
export type ProvisionInput = z.input<typeof provisionInput>;

export interface ProvisionOptions {
  /** Test hook: called before each step; throwing there aborts the whole provisioning. */
  beforeStep?: (step: ProvisionStep) => void | Promise<void>;
  /**
   * The caller's first rows of the new tenant (signup: its first admin), run inside the creating
   * transaction with the search_path at the new schema (step 'admin'); throwing there undoes all.
   */
  onCreated?: (db: TenantDb, tenant: TenantRow) => Promise<void>;
}

/**
 * Creates tenant row, primary domain, schema, every tenant table and whatever `onCreated` adds
 * in ONE transaction on `db` (the direct connection, directDb()): all of it appears, or none of it does.
 * The schema is built by applying the tenant migrations inside the transaction; with a handful
 * of CREATE TABLEs that costs milliseconds, and a new schema is born at the latest version.
 */
export async function provisionTenant(db: Kysely<PublicDatabase>, raw: ProvisionInput, opts: ProvisionOptions = {}): Promise<TenantRow> {
  const parsed = provisionInput.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserError(issue.message, 400, issue.path.join('.') || undefined);
  }
  const input = parsed.data;
  const schemaCheck = validateSchemaName(input.schema);
  if (!schemaCheck.ok) throw new UserError(schemaCheck.error, 400, 'schema');
  const domainCheck = validateDomain(input.domain);
  if (!domainCheck.ok) throw new UserError(domainCheck.error, 400, 'domain');
  const schema = schemaCheck.schema;
  const domain = domainCheck.domain;
  const step = opts.beforeStep ?? (() => undefined);

  const migrations = tenantMigrations;

  try {
    const tenant = await db.transaction().execute(async (trx) => {
      await step('tenant-row');
      const row = await trx
        .insertInto('public.tenants')
        .values({
          schema_name: schema,
          name: input.name,
          paid_until: input.paidUntil ?? null,
          on_trial: input.onTrial,
          public_reads: input.publicReads,
          migration_version: latestName(migrations),
          migration_status: 'ok',
          migrated_at: new Date(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await step('domain');
      await trx.insertInto('public.domains').values({ domain, tenant_id: row.id, is_primary: true }).execute();
      await step('schema');
      await createSchema(trx, schema);
      await setTenantSchema(trx, schema);
      await step('tables');
      await applyPending(trx, migrations, true);
      await ensureTenantRole(trx, schema);
      await step('admin');
      // search_path is the new schema alone now: a tenant-scoped view of this same transaction.
      if (opts.onCreated) await opts.onCreated(tenantView(trx), row);
      await notifyTenancyChange(trx, schema);
      await step('commit');
      return row;
    });
    invalidateTenantCache();
    return tenant;
  } catch (err) {
    throw explainProvisionError(err, schema, domain);
  }
}

/**
 * The creating transaction typed as a tenant handle. Safe only after setTenantSchema: from then on
 * its search_path is the new schema alone, exactly what a TenantDb from withTenant sees. (kysely's
 * Kysely<DB> is invariant in DB, so the public-typed handle cannot simply be narrowed.)
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function tenantView(trx: Kysely<any>): TenantDb {
  return trx;
}

function explainProvisionError(err: unknown, schema: string, domain: string): unknown {
  if (err instanceof UserError) return err;
  const code = pgErrorCode(err);
  const constraint = pgConstraint(err) ?? '';
  if (code === '23505' && constraint.includes('schema_name'))
    return new UserError(`The schema name '${schema}' is already taken.`, 409, 'schema');
  if (code === '23505' && constraint.includes('domain')) return new UserError(`The domain '${domain}' is already in use.`, 409, 'domain');
  if (code === '42P06') return new UserError(`A schema named '${schema}' already exists in the database.`, 409, 'schema');
  return err;
}
