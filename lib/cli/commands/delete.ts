import { Command } from 'commander';
import { auditCli } from '../audit';
import { out } from '../output';
import { checkedSchema, withDatabase } from '../runtime';

export function deleteCommand(): Command {
  return new Command('delete')
    .description('Delete a tenant row and its domains; with --drop-schema also its schema and all its data, in the same transaction.')
    .requiredOption('--schema <schema>', 'tenant schema')
    .option('--drop-schema', 'also DROP SCHEMA ... CASCADE (irreversible)')
    .action((opts: { schema: string; dropSchema?: boolean }) =>
      withDatabase(async () => {
        const schema = checkedSchema(opts.schema);
        const { directDb } = await import('@/lib/infra/db/pool');
        const { deleteTenant, getTenantBySchema } = await import('@/lib/platform');
        // Its id, for the audit entry of a tenant that will be gone (deleteTenant refuses unknown ones).
        const id = (await getTenantBySchema(directDb(), schema).catch(() => null))?.id;
        await deleteTenant(directDb(), schema, { dropSchema: !!opts.dropSchema });
        await auditCli('tenant.delete', schema, { dropSchema: !!opts.dropSchema }, id);
        out(
          `deleted tenant '${schema}'${opts.dropSchema ? ' and dropped its schema' : '; its schema was kept (use --drop-schema to drop it)'}`,
        );
      }),
    );
}
