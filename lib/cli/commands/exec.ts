import { Command } from 'commander';
import { UserError } from '@/lib/infra/errors';
import { isDatabaseError, out, printTable } from '../output';
import { checkedSchema, withDatabase } from '../runtime';

export function execCommand(): Command {
  return new Command('exec')
    .description("Run SQL inside one tenant's context (one transaction, only that schema visible, direct connection) and print the rows.")
    .requiredOption('--schema <schema>', 'tenant schema')
    .option('--json', 'print rows as JSON lines instead of a table')
    .argument('<sql>', 'the SQL; with several statements separated by ; no rows are shown')
    .addHelpText(
      'after',
      `
Leave transaction control out: a COMMIT or ROLLBACK in the SQL would end the tenant context, and
whatever follows it would run outside the tenant's schema. exec notices that afterwards,
rolls back what it still can and exits with 1.

Example:
  npm run tenants -- exec --schema acme "select email, role from users"`,
    )
    .action((text: string, opts: { schema: string; json?: boolean }) =>
      withDatabase(async () => {
        const schema = checkedSchema(opts.schema);
        if (!text.trim()) throw new UserError('The SQL is empty.', 400, 'sql');
        const { sql } = await import('kysely');
        const { directDb } = await import('@/lib/infra/db/pool');
        const { withTenant } = await import('@/lib/tenancy');
        const { getTenantBySchema } = await import('@/lib/platform');
        await getTenantBySchema(directDb(), schema);
        const result = await withTenant(
          { schema },
          async (db) => {
            const before = await sql<{ t: string }>`select now()::text as t`.execute(db);
            let r;
            try {
              r = await sql.raw(text).execute(db);
            } catch (err) {
              // The user's own SQL is input: report PostgreSQL's reason as a user error.
              if (isDatabaseError(err)) throw new UserError(`SQL failed: ${err.message}`, 400, 'sql');
              throw err;
            }
            // now() is fixed per transaction: a different value means the SQL ended ours.
            const after = await sql<{ t: string }>`select now()::text as t`.execute(db);
            if (after.rows[0]?.t !== before.rows[0]?.t) {
              throw new UserError(
                'The SQL ended the tenant transaction (COMMIT/ROLLBACK); exec already runs it in one transaction, leave transaction control out.',
                400,
                'sql',
              );
            }
            return r;
          },
          directDb(),
        );
        const rows = result.rows as Record<string, unknown>[];
        if (opts.json) {
          for (const row of rows) out(JSON.stringify(row));
          return;
        }
        if (rows.length > 0) {
          printTable(rows);
          out(`(${rows.length} row${rows.length === 1 ? '' : 's'})`);
        } else if (result.numAffectedRows !== undefined) {
          out(`(${result.numAffectedRows} row${result.numAffectedRows === 1n ? '' : 's'} affected)`);
        } else {
          out('(no rows returned)');
        }
      }),
    );
}
