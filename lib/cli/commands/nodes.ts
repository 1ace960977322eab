import { Command } from 'commander';
import { out, printTable } from '../output';
import { withDatabase } from '../runtime';
import { formatBytes } from './placement-format';

export function nodesCommand(): Command {
  return new Command('nodes')
    .description('Citus workers with their tenant count and size (Citus only).')
    .option('--json', 'print a JSON array: [{node, tenants, bytes}]')
    .action((opts: { json?: boolean }) =>
      withDatabase(async () => {
        const { directDb } = await import('@/lib/infra/db/pool');
        const { listNodes } = await import('@/lib/platform');
        const nodes = await listNodes(directDb());
        if (opts.json) return out(JSON.stringify(nodes, null, 2));
        printTable(nodes.map((n) => ({ node: n.node, tenants: n.tenants, size: formatBytes(n.bytes) })));
      }),
    );
}
