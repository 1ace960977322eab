import { rootDomain } from '@/lib/tenancy/routing';

/**
 * Where a tenant domain answers, as a protocol-relative URL: domains are stored without a port,
 * and the app listens on the root domain's port (e.g. `acme.localhost` → `//acme.localhost:3000`).
 */
export function tenantHref(domain: string, path = '/'): string {
  const port = /:(\d+)$/.exec(rootDomain())?.[1];
  return `//${domain}${port ? `:${port}` : ''}${path}`;
}

/** The detail page of a tenant (schema names are [a-z0-9_], safe in a path). */
export function tenantAdminHref(schema: string): string {
  return `/admin/tenants/${encodeURIComponent(schema)}`;
}
