import { Command } from 'commander';
import { auditCli } from '../audit';
import { ms, out } from '../output';
import { checkedSchema, withDatabase } from '../runtime';
import { formatBytes } from './placement-format';

export function moveCommand(): Command {
  return new Command('move')
    .description('Move a tenant to another Citus worker online (citus_schema_move; reads and writes go on meanwhile).')
    .requiredOption('--schema <schema>', 'tenant schema')
    .requiredOption('--node <host:port>', 'target worker, as listed by `nodes`')
    .action((opts: { schema: string; node: string }) =>
      withDatabase(async () => {
        const schema = checkedSchema(opts.schema);
        const { directDb } = await import('@/lib/infra/db/pool');
        const { moveTenant } = await import('@/lib/platform');
        const r = await moveTenant(directDb(), schema, opts.node);
        out(`moved '${r.schema}' from ${r.from} to ${r.to}: ${formatBytes(r.bytes)} in ${ms(r.ms)}`);
        await auditCli('tenant.move', r.schema, { from: r.from, to: r.to, bytes: r.bytes, ms: r.ms });
      }),
    );
}
