import { pooledDb } from '@/lib/infra/db/pool';
import { unicodeDomain } from './domain-input';
import { challengeOf, isRootSubdomain, listDomains, servesDomain } from '@/lib/platform';

// Domain reads for tenant pages and the TLS `ask` route (app/ chooses no connection and builds
// no SQL). They run on the pooled connection, like every request outside the superuser area.

/**
 * A tenant's domains with the TXT record each pending one still needs; `removable`: a custom
 * domain that is not the primary one (the organisation's own subdomain stays).
 */
export async function fetchTenantDomains(tenantId: number) {
  const domains = await listDomains(pooledDb(), tenantId);
  return domains.map((d) => ({
    domain: d.domain,
    unicode: unicodeDomain(d.domain),
    isPrimary: d.is_primary,
    removable: !d.is_primary && !isRootSubdomain(d.domain),
    record: challengeOf(d).record,
  }));
}

/** Is this a verified domain of some tenant (the only names the TLS proxy may get a certificate for)? */
export function isServedDomain(domain: string): Promise<boolean> {
  return servesDomain(pooledDb(), domain);
}
