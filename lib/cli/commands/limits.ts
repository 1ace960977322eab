import { Command } from 'commander';
import { auditCli } from '../audit';
import { out } from '../output';
import { checkedSchema, withDatabase } from '../runtime';

// `limits --schema S [--concurrency N] [--rate N] [--rate-per-address N] [--statement-timeout-ms N]
// [--max-polls N] [--max-users N] [--json]`: shows a tenant's limits and, with options, sets them
// (audited as `tenant.limits`, like the admin page). A value of `default` clears the override.

interface LimitsOpts {
  schema: string;
  concurrency?: string;
  rate?: string;
  ratePerAddress?: string;
  statementTimeoutMs?: string;
  maxPolls?: string;
  maxUsers?: string;
  json?: boolean;
}

/** 'default' (or 'none' for quotas) → null; a whole number → itself; else a one-line error. */
function value(flag: string, raw: string | undefined): number | null | undefined {
  if (raw === undefined) return undefined;
  const v = raw.trim().toLowerCase();
  if (v === 'default' || v === 'none') return null;
  if (!/^\d+$/.test(v)) throw new Error(`--${flag} must be a whole number or 'default' (got '${raw}').`);
  return Number(v);
}

export function limitsCommand(): Command {
  return new Command('limits')
    .description("Show or set a tenant's limits: fair share (concurrency, request rates), statement timeout, quotas.")
    .requiredOption('--schema <schema>', 'tenant schema')
    .option('--concurrency <n>', 'transactions at a time per server process (K), or default')
    .option('--rate <n>', 'requests per second for the whole tenant (0 = no limit), or default')
    .option('--rate-per-address <n>', 'requests per second per client address within the tenant (0 = no limit), or default')
    .option('--statement-timeout-ms <n>', 'statement timeout of its request transactions, or default')
    .option('--max-polls <n>', 'polls quota, or none')
    .option('--max-users <n>', 'users quota, or none')
    .option('--json', 'print the limits as JSON')
    .action((opts: LimitsOpts) =>
      withDatabase(async () => {
        const schema = checkedSchema(opts.schema);
        const { getTenantBySchema, updateTenant } = await import('@/lib/platform');
        const { directDb } = await import('@/lib/infra/db/pool');
        const change = Object.fromEntries(
          Object.entries({
            maxConcurrency: value('concurrency', opts.concurrency),
            rateLimit: value('rate', opts.rate),
            rateLimitPerAddress: value('rate-per-address', opts.ratePerAddress),
            statementTimeoutMs: value('statement-timeout-ms', opts.statementTimeoutMs),
            maxPolls: value('max-polls', opts.maxPolls),
            maxUsers: value('max-users', opts.maxUsers),
          }).filter(([, v]) => v !== undefined),
        );
        const row = Object.keys(change).length
          ? await updateTenant(directDb(), schema, change)
          : await getTenantBySchema(directDb(), schema);
        if (Object.keys(change).length) await auditCli('tenant.limits', schema, change, row.id);
        const limits = {
          schema,
          maxConcurrency: row.max_concurrency,
          rateLimit: row.rate_limit,
          rateLimitPerAddress: row.rate_limit_per_address,
          statementTimeoutMs: row.statement_timeout_ms,
          maxPolls: row.max_polls,
          maxUsers: row.max_users,
        };
        if (opts.json) out(JSON.stringify(limits));
        else
          out(
            Object.entries(limits)
              .map(([k, v]) => `${k}\t${v === null ? 'default' : v}`)
              .join('\n'),
          );
      }),
    );
}
