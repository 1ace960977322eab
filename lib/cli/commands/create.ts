import { Command, InvalidArgumentError, Option } from 'commander';
import { UserError } from '@/lib/infra/errors';
import { auditCli } from '../audit';
import { validateDomain } from '@/lib/tenancy/host';
import { ms, out } from '../output';
import { parseBool, withDatabase } from '../runtime';

interface CreateOpts {
  schema: string;
  name: string;
  domain: string;
  paidUntil?: string;
  onTrial?: boolean;
  publicReads?: boolean;
  adminEmail?: string;
  adminPassword?: string;
  adminName?: string;
}

/** on|off (also true|false, yes|no) → boolean; anything else is refused with a sentence. */
export function onOff(v: string): boolean {
  const s = v.trim().toLowerCase();
  if (['on', 'true', 'yes'].includes(s)) return true;
  if (['off', 'false', 'no'].includes(s)) return false;
  throw new InvalidArgumentError(`expected on or off, got '${v}'.`);
}

export function createCommand(): Command {
  return new Command('create')
    .description(
      'Create a tenant: row, primary domain, schema with every table and an optional first admin, in one transaction (all or nothing).',
    )
    .requiredOption('--schema <schema>', 'schema name: ^[a-z][a-z0-9_]*$, at most 63 characters, not pg_* or reserved')
    .requiredOption('--name <name>', 'display name')
    .requiredOption('--domain <domain>', 'primary domain, e.g. acme.localhost')
    .option('--paid-until <date>', 'paid until YYYY-MM-DD')
    .addOption(new Option('--on-trial <bool>', 'true|false (default true)').argParser(parseBool))
    .addOption(new Option('--public-reads <on|off>', 'anonymous clients may read polls through the JSON API (default on)').argParser(onOff))
    .option('--admin-email <email>', 'create a first tenant admin with this email (needs --admin-password)')
    .option('--admin-password <password>', 'password of the first admin (at least 8 characters)')
    .option('--admin-name <name>', 'display name of the first admin')
    .action((opts: CreateOpts) =>
      withDatabase(async () => {
        if (!!opts.adminEmail !== !!opts.adminPassword) {
          throw new UserError('--admin-email and --admin-password go together.', 400, 'admin');
        }
        if (opts.adminPassword) {
          const { newPasswordSchema } = await import('@/lib/features/auth/users');
          const pw = newPasswordSchema.safeParse(opts.adminPassword);
          if (!pw.success) throw new UserError(pw.error.issues[0].message, 400, 'admin.password');
        }
        const { directDb } = await import('@/lib/infra/db/pool');
        const { provisionTenantWithAdmin } = await import('@/lib/features/organisation/provision-with-admin');
        const { tenantMigrations } = await import('@/migrations/tenant');
        const started = performance.now();
        const row = await provisionTenantWithAdmin(directDb(), {
          schema: opts.schema,
          name: opts.name,
          domain: opts.domain,
          paidUntil: opts.paidUntil ?? null,
          onTrial: opts.onTrial ?? true,
          publicReads: opts.publicReads ?? true,
          admin: opts.adminEmail ? { email: opts.adminEmail, password: opts.adminPassword!, name: opts.adminName } : null,
        });
        const elapsed = performance.now() - started;
        out(`created tenant '${row.schema_name}' (id ${row.id}, name ${JSON.stringify(row.name)}) in ${ms(elapsed)}`);
        const domain = validateDomain(opts.domain);
        out(`  domain:  ${domain.ok ? domain.domain : opts.domain} (primary)`);
        out(`  schema:  ${row.schema_name} with ${tenantMigrations.length} migrations (latest ${row.migration_version})`);
        out(`  billing: ${row.on_trial ? 'on trial' : 'not on trial'}, paid until ${row.paid_until ?? '-'}`);
        out(`  API:     anonymous reads ${row.public_reads ? 'on' : 'off'}`);
        if (opts.adminEmail) out(`  admin:   ${opts.adminEmail.trim().toLowerCase()}`);
        await auditCli('tenant.create', row.schema_name, { domain: opts.domain, admin: opts.adminEmail ?? null });
      }),
    );
}
