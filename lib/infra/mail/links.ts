import { linkScheme, rootDomain } from '@/lib/config/env';

/**
 * An absolute link on a tenant's host for an email. Domains are stored without a port; the app
 * answers on the root domain's port. LINK_SCHEME (http|https) defaults to https in production.
 */
export function tenantLink(host: string, path: string, params: Record<string, string> = {}): string {
  const scheme = linkScheme();
  const port = /:(\d+)$/.exec(rootDomain())?.[1];
  const query = new URLSearchParams(params).toString();
  return `${scheme}://${host}${port ? `:${port}` : ''}${path}${query ? `?${query}` : ''}`;
}
