import { Command } from 'commander';
import { validateDomain } from '@/lib/tenancy/host';
import { out } from '../output';
import { checkedSchema, withDatabase } from '../runtime';

interface DomainOpts {
  schema: string;
  domain: string;
  primary?: boolean;
}

function canonical(input: string): string {
  const v = validateDomain(input);
  return v.ok ? v.domain : input;
}

/** The tenancy core and the direct connection, loaded only when a subcommand runs. */
const tenants = async () => ({ ...(await import('@/lib/tenancy')), directDb: (await import('@/lib/db/pool')).directDb });

function sub(name: string, description: string, run: (o: DomainOpts) => Promise<string>, extra?: (c: Command) => Command): Command {
  let c = new Command(name)
    .description(description)
    .requiredOption('--schema <schema>', 'tenant schema')
    .requiredOption('--domain <domain>', 'domain, e.g. acme.example.com');
  if (extra) c = extra(c);
  return c.action((opts: DomainOpts) =>
    withDatabase(async () => {
      out(await run({ ...opts, schema: checkedSchema(opts.schema) }));
    }),
  );
}

export function domainCommand(): Command {
  return new Command('domain')
    .description("Manage a tenant's domains: add, remove, primary.")
    .addCommand(
      sub(
        'add',
        'Add a domain to a tenant.',
        async (o) => {
          const { addDomain, directDb } = await tenants();
          const d = await addDomain(directDb(), o.schema, o.domain, { primary: !!o.primary });
          return `added ${d.domain} to '${o.schema}'${d.is_primary ? ' (primary)' : ''}`;
        },
        (c) => c.option('--primary', 'also make it the primary domain'),
      ),
    )
    .addCommand(
      sub('remove', 'Remove a domain from a tenant (not its primary domain: make another primary first).', async (o) => {
        const { removeDomain, directDb } = await tenants();
        await removeDomain(directDb(), o.schema, o.domain);
        return `removed ${canonical(o.domain)} from '${o.schema}'`;
      }),
    )
    .addCommand(
      sub('primary', "Make one of the tenant's domains its primary domain.", async (o) => {
        const { setPrimaryDomain, directDb } = await tenants();
        await setPrimaryDomain(directDb(), o.schema, o.domain);
        return `${canonical(o.domain)} is now the primary domain of '${o.schema}'`;
      }),
    );
}
