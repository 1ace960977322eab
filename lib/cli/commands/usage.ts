import { Command } from 'commander';
import { note, out, printTable } from '../output';
import { intParser, withDatabase } from '../runtime';

// `usage [--minutes N] [--limit N] [--json]`: the busiest tenants of the last N minutes (default
// 60) from public.tenant_usage, which every server process adds to once a minute (issue 21,
// part 5): requests, database time (ms), requests refused with 429 (throttled) and tenant work
// refused with 503 (refused). The same figures as the operator dashboard's "Busiest tenants".

export function usageCommand(): Command {
  return new Command('usage')
    .description('The busiest tenants of the last minutes: requests, database time, 429s (throttled) and 503s (refused).')
    .option('--minutes <n>', 'how far back to look, in minutes (default 60, at most 7 days)', intParser(1, 7 * 24 * 60), 60)
    .option('--limit <n>', 'how many tenants (default 10)', intParser(1, 10_000), 10)
    .option('--json', 'print a JSON array: [{schema, name, requests, dbMs, throttled, refused}]')
    .action((opts: { minutes: number; limit: number; json?: boolean }) =>
      withDatabase(async () => {
        const { directDb } = await import('@/lib/infra/db/pool');
        const { busiestTenants } = await import('@/lib/features/admin/tenant-usage');
        const rows = await busiestTenants(directDb(), { minutes: opts.minutes, limit: opts.limit });
        if (opts.json) return out(JSON.stringify(rows, null, 2));
        if (rows.length === 0) return note(`No tenant usage recorded in the last ${opts.minutes} minutes.`);
        printTable(
          rows.map((r) => ({
            schema: r.schema,
            requests: r.requests,
            db_ms: Math.round(r.dbMs),
            throttled: r.throttled,
            refused: r.refused,
            name: r.name,
          })),
        );
      }),
    );
}
