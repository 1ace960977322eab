import { Command } from 'commander';
import { UserError, pgErrorCode } from '@/lib/infra/errors';
import { EXIT_FAIL, ms, oneLine, out } from '../output';
import { checkedSchema, withDatabase } from '../runtime';

interface CheckOpts {
  counts?: boolean;
  repair?: boolean;
  schema?: string;
}

const PAGE = 500;
const SHOWN = 5;

async function schemas(only: string | undefined): Promise<string[]> {
  const { directDb } = await import('@/lib/infra/db/pool');
  if (only) {
    const { getTenantBySchema } = await import('@/lib/platform');
    await getTenantBySchema(directDb(), only);
    return [only];
  }
  const { listTenants } = await import('@/lib/platform');
  const rows: string[] = [];
  for (let page = 1; ; page++) {
    const r = await listTenants(directDb(), { sort: 'schema_name', dir: 'asc', page, perPage: PAGE });
    rows.push(...r.rows.map((t) => t.schema_name));
    if (r.rows.length < PAGE) return rows;
  }
}

/** One line per tenant with drift (or a problem); exit 1 when drift is left or a tenant failed. */
async function checkCounts(opts: CheckOpts): Promise<number> {
  const { directDb } = await import('@/lib/infra/db/pool');
  const { withTenant } = await import('@/lib/tenancy');
  const { countDrift, repairCounts } = await import('@/lib/features/polls/counts');
  const started = performance.now();
  const list = await schemas(opts.schema ? checkedSchema(opts.schema) : undefined);
  let drifted = 0;
  let repaired = 0;
  let failed = 0;
  for (const schema of list) {
    try {
      const result = await withTenant(
        { schema },
        async (db) => {
          const drift = await countDrift(db);
          const fixed = opts.repair && drift.length ? await repairCounts(db) : 0;
          return { drift, fixed };
        },
        directDb(),
      );
      if (!result.drift.length) continue;
      drifted++;
      const shown = result.drift
        .slice(0, SHOWN)
        .map((d) => `choice ${d.choice_id} of poll ${d.poll_id}: counter ${d.counter}, votes ${d.actual}`)
        .join('; ');
      const more = result.drift.length > SHOWN ? `; and ${result.drift.length - SHOWN} more` : '';
      if (opts.repair) {
        repaired++;
        out(`${schema}\trepaired\t${result.fixed} choice${result.fixed === 1 ? '' : 's'} recounted (${shown}${more})`);
      } else {
        out(`${schema}\tdrift\t${result.drift.length} choice${result.drift.length === 1 ? '' : 's'} (${shown}${more})`);
      }
    } catch (err) {
      failed++;
      // 42703: the schema has no counters yet (its migrations are behind).
      const why = pgErrorCode(err) === '42703' ? 'no vote counters yet (run: migrate)' : oneLine((err as Error).message);
      out(`${schema}\tfailed\t${why}`);
    }
  }
  const what = opts.repair ? `${repaired} repaired` : `${drifted} with drift`;
  out(
    `summary: ${list.length} tenant${list.length === 1 ? '' : 's'} checked: ${what}, ${failed} failed (${ms(performance.now() - started)})`,
  );
  return failed > 0 || (!opts.repair && drifted > 0) ? EXIT_FAIL : 0;
}

export function checkCommand(): Command {
  return new Command('check')
    .description("Check data that is kept alongside the rows against the rows themselves (today: the polls' vote counters).")
    .option('--counts', "compare every choice's vote counter with count(*) of its votes")
    .option('--repair', 'recount the counters of each tenant that drifted (its votes are share-locked meanwhile)')
    .option('--schema <schema>', 'only this tenant')
    .addHelpText(
      'after',
      `
One line per tenant with drift: schema<TAB>drift|repaired|failed<TAB>details; then a summary.
Exit code 1 when drift is found (and not repaired) or a tenant could not be checked.

Examples:
  npm run tenants -- check --counts
  npm run tenants -- check --counts --repair --schema acme`,
    )
    .action((opts: CheckOpts) =>
      withDatabase(async () => {
        if (!opts.counts) throw new UserError('Say what to check: --counts.', 400, 'counts');
        return checkCounts(opts);
      }),
    );
}
