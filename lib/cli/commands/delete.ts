import { Command } from 'commander';
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
        const { directDb } = await import('@/lib/db/pool');
        const { deleteTenant } = await import('@/lib/tenancy');
        await deleteTenant(directDb(), schema, { dropSchema: !!opts.dropSchema });
        out(
          `deleted tenant '${schema}'${opts.dropSchema ? ' and dropped its schema' : '; its schema was kept (use --drop-schema to drop it)'}`,
        );
      }),
    );
}
