import { Command } from 'commander';
import { ms, out } from '../output';
import { auditCli } from '../audit';
import { withDatabase } from '../runtime';

// export / import / clone / rename: a tenant's life after `create` (lib/platform/lifecycle.ts).

const total = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([t, n]) => `${t} ${n}`)
    .join(', ');

async function lifecycle() {
  const [{ directDb }, mod] = await Promise.all([import('@/lib/infra/db/pool'), import('@/lib/platform/lifecycle')]);
  return { db: directDb(), ...mod };
}

export function exportCommand(): Command {
  return new Command('export')
    .description('Write one tenant (record, domains, migration version, every row) to a file, from one consistent snapshot.')
    .requiredOption('--schema <schema>', 'tenant schema')
    .requiredOption('--out <file>', 'file to write (gzip’d JSON lines)')
    .action((opts: { schema: string; out: string }) =>
      withDatabase(async () => {
        const { db, exportTenant } = await lifecycle();
        const started = performance.now();
        const r = await exportTenant(db, opts.schema, opts.out);
        const { statSync } = await import('node:fs');
        out(
          `exported '${r.schema}' at ${r.migrationVersion ?? 'no migration'} to ${r.file} (${statSync(r.file).size} bytes) in ${ms(performance.now() - started)}`,
        );
        out(`  rows: ${total(r.counts)}`);
        await auditCli('tenant.export', r.schema, { file: r.file });
      }),
    );
}

export function importCommand(): Command {
  return new Command('import')
    .description('Restore an export into a new schema, atomically, and migrate it to the current version.')
    .requiredOption('--in <file>', 'export file')
    .requiredOption('--schema <schema>', 'new schema name')
    .option('--domain <domain>', "primary domain of the restored tenant (default: the export's domains)")
    .action((opts: { in: string; schema: string; domain?: string }) =>
      withDatabase(async () => {
        const { db, importTenant } = await lifecycle();
        const started = performance.now();
        const r = await importTenant(db, { file: opts.in, schema: opts.schema, domain: opts.domain });
        out(`imported '${r.tenant.schema_name}' (id ${r.tenant.id}) from ${opts.in} in ${ms(performance.now() - started)}`);
        out(`  rows: ${total(r.counts)}`);
        await auditCli('tenant.import', r.tenant.schema_name, { file: opts.in, domain: opts.domain ?? null, counts: r.counts });
      }),
    );
}

export function cloneCommand(): Command {
  return new Command('clone')
    .description('Create a tenant from another: structure only (a template) or, with --data, a full copy.')
    .requiredOption('--from <schema>', 'source tenant schema')
    .requiredOption('--schema <schema>', 'new schema name')
    .requiredOption('--domain <domain>', 'primary domain of the new tenant')
    .option('--data', 'copy every row too (ids, sequences and constraints intact)')
    .option('--name <name>', 'display name (default: "<source name> (copy)")')
    .action((opts: { from: string; schema: string; domain: string; data?: boolean; name?: string }) =>
      withDatabase(async () => {
        const { db, cloneTenant } = await lifecycle();
        const started = performance.now();
        const row = await cloneTenant(db, {
          from: opts.from,
          schema: opts.schema,
          domain: opts.domain,
          data: !!opts.data,
          name: opts.name,
        });
        out(
          `cloned '${opts.from}' to '${row.schema_name}' (${opts.data ? 'with data' : 'structure only'}) in ${ms(performance.now() - started)}`,
        );
        await auditCli('tenant.clone', row.schema_name, { from: opts.from, domain: opts.domain, data: !!opts.data });
      }),
    );
}

export function renameCommand(): Command {
  return new Command('rename')
    .description("Rename a tenant's schema and record; its domains keep working at once.")
    .requiredOption('--schema <schema>', 'current schema')
    .requiredOption('--to <schema>', 'new schema name')
    .action((opts: { schema: string; to: string }) =>
      withDatabase(async () => {
        const { db, renameTenant } = await lifecycle();
        const started = performance.now();
        await renameTenant(db, opts.schema, opts.to);
        out(`renamed '${opts.schema}' to '${opts.to}' in ${ms(performance.now() - started)}`);
        await auditCli('tenant.rename', opts.to, { from: opts.schema });
      }),
    );
}
