import { Command } from 'commander';
import { ms, note, out } from '../output';
import { intParser, wantDirectConnections, withDatabase } from '../runtime';

interface SeedOpts {
  tenants: number;
  polls: number;
  choices: number;
  votes: number;
  prefix: string;
  concurrency: number;
  batchSize: number;
  password?: string;
}

export function seedCommand(): Command {
  return new Command('seed')
    .description('Bulk test data: N complete tenants with users, polls, choices and votes.')
    .requiredOption('--tenants <n>', 'number of tenants', intParser(1, 100_000))
    .option('--polls <n>', 'polls per tenant', intParser(0, 10_000), 15)
    .option('--choices <n>', 'choices per poll', intParser(0, 100), 5)
    .option('--votes <n>', 'votes per poll; also the users per tenant (each votes once on every poll)', intParser(0, 10_000), 25)
    .option('--prefix <prefix>', 'schema names are <prefix>_1 .. <prefix>_N', 'seed')
    .option('--concurrency <n>', 'batches (transactions) in flight', intParser(1, 32), 2)
    .option('--batch-size <n>', 'tenants per transaction', intParser(1, 100), 10)
    .option('--password <password>', 'password of every seeded user (default: random, printed at the end)')
    .addHelpText(
      'after',
      `
Tenants are <prefix>_1 .. <prefix>_N with primary domain <prefix>-<n>.<ROOT_DOMAIN host>
(e.g. seed-1.localhost), created in batches: each batch (row, domain, schema at the latest
migration, data) commits as a whole. Users are user1@example.com .. user<V>@example.com
(user1 is the admin and creates the polls), all with the same password.

If any of those schema names or domains already exists, nothing is created and the command exits
with 1: choose another --prefix (or delete those tenants). If a batch fails, the tenants this run
already created are removed again and the command exits non-zero.

Example (the benchmark size):
  npm run tenants -- seed --tenants 2000 --polls 15 --choices 5 --votes 25`,
    )
    .action((opts: SeedOpts) =>
      withDatabase(async () => {
        wantDirectConnections(opts.concurrency + 1);
        const { directDb } = await import('@/lib/infra/db/pool');
        const { seedTenants } = await import('@/lib/cli/seed');
        const r = await seedTenants(directDb(), { ...opts, log: note });
        out(
          `seeded ${r.tenants} tenant${r.tenants === 1 ? '' : 's'} (${r.first} .. ${r.last}): ${r.users} users, ${r.polls} polls, ` +
            `${r.choices} choices, ${r.votes} votes in ${ms(r.ms)}`,
        );
        if (r.users > 0) out(`users: user1@example.com .. user${opts.votes}@example.com in each tenant, password: ${r.password}`);
      }),
    );
}
