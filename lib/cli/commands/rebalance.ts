import { Command } from 'commander';
import { auditCli } from '../audit';
import { ms, out } from '../output';
import { withDatabase } from '../runtime';
import { formatBytes } from './placement-format';

export function rebalanceCommand(): Command {
  return new Command('rebalance')
    .description("Spread tenants evenly over the Citus workers (Citus' rebalancer, online moves); prints each move.")
    .action(() =>
      withDatabase(async () => {
        const { directDb } = await import('@/lib/infra/db/pool');
        const { rebalanceTenants } = await import('@/lib/platform');
        const r = await rebalanceTenants(directDb());
        for (const m of r.moves) out(`moved '${m.schema}' from ${m.from} to ${m.to} (${formatBytes(m.bytes)})`);
        for (const m of r.moves) await auditCli('tenant.move', m.schema, { from: m.from, to: m.to, bytes: m.bytes, rebalance: true });
        out(r.moves.length === 0 ? 'already balanced: nothing to move' : `${r.moves.length} tenant(s) moved in ${ms(r.ms)}`);
      }),
    );
}
