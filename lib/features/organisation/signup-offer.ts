import { pooledDb } from '@/lib/infra/db/pool';
import { schemaOrDomainTaken } from '@/lib/platform';
import { rootHostname } from '@/lib/tenancy/host';
import { subdomainToSchema, validateSubdomain } from '@/lib/tenancy/schema-name';

/** The subdomain label of `host` when it is `<label>.<root>` (port ignored), else null. Pure. */
export function subdomainOfHost(host: string, rootHost: string): string | null {
  const name = host.replace(/:\d+$/, '').toLowerCase();
  const suffix = `.${rootHost.replace(/:\d+$/, '').toLowerCase()}`;
  if (!name.endsWith(suffix)) return null;
  const label = name.slice(0, -suffix.length);
  return label && !label.includes('.') ? label : null;
}

/**
 * For the 404 page of a host no organisation uses: the subdomain a visitor could sign up with,
 * when it is valid and free. Advisory (signup re-checks); null on any doubt, database errors included.
 */
export async function freeSubdomainForHost(host: string): Promise<string | null> {
  const label = subdomainOfHost(host, rootHostname());
  if (!label) return null;
  const v = validateSubdomain(label);
  if (!v.ok) return null;
  try {
    return (await schemaOrDomainTaken(pooledDb(), subdomainToSchema(v.subdomain), `${v.subdomain}.${rootHostname()}`)) ? null : v.subdomain;
  } catch {
    return null;
  }
}
