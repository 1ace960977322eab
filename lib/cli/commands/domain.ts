import { Command } from 'commander';
import { validateDomain } from '@/lib/tenancy/host';
import { auditCli } from '../audit';
import { out } from '../output';
import { checkedSchema, withDatabase } from '../runtime';

interface DomainOpts {
  schema: string;
  domain: string;
  primary?: boolean;
  verified?: boolean;
}

function canonical(input: string): string {
  const v = validateDomain(input);
  return v.ok ? v.domain : input;
}

/** The tenancy core and the direct connection, loaded only when a subcommand runs. */
const tenants = async () => ({
  ...(await import('@/lib/tenancy')),
  ...(await import('@/lib/platform')),
  directDb: (await import('@/lib/infra/db/pool')).directDb,
});

function sub(name: string, description: string, run: (o: DomainOpts) => Promise<string>, extra?: (c: Command) => Command): Command {
  let c = new Command(name)
    .description(description)
    .requiredOption('--schema <schema>', 'tenant schema')
    .requiredOption('--domain <domain>', 'domain, e.g. acme.example.com');
  if (extra) c = extra(c);
  return c.action((opts: DomainOpts) =>
    withDatabase(async () => {
      const schema = checkedSchema(opts.schema);
      out(await run({ ...opts, schema }));
      await auditCli(`domain.${name}`, schema, { domain: canonical(opts.domain) });
    }),
  );
}

export function domainCommand(): Command {
  return new Command('domain')
    .description("Manage a tenant's domains: add, verify, remove, primary.")
    .addCommand(
      sub(
        'add',
        'Add a domain to a tenant.',
        async (o) => {
          const { addDomain, challengeName, directDb } = await tenants();
          const d = await addDomain(directDb(), o.schema, o.domain, { primary: !!o.primary, verified: !!o.verified });
          const added = `added ${d.domain} to '${o.schema}'${d.is_primary ? ' (primary)' : ''}`;
          if (d.verified || !d.verification_token) return added;
          return [
            `${added}, pending verification: it does not route until verified.`,
            `Create this DNS record, then run: npm run tenants -- domain verify --schema ${o.schema} --domain ${d.domain}`,
            `name\t${challengeName(d.domain)}`,
            `type\tTXT`,
            `value\t${d.verification_token}`,
          ].join('\n');
        },
        (c) =>
          c
            .option('--primary', 'also make it the primary domain (a custom domain must be verified first, or --verified)')
            .option('--verified', 'the operator vouches for this custom domain: skip the TXT record check'),
      ),
    )
    .addCommand(
      sub(
        'verify',
        'Verify a pending custom domain by its TXT record _quorum-challenge.<domain> (DNS_SERVERS to choose resolvers).',
        async (o) => {
          const { verifyDomain, directDb } = await tenants();
          const r = await verifyDomain(directDb(), o.schema, o.domain);
          return `${r.domain} is verified and routes to '${o.schema}'`;
        },
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
