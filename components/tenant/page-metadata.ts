import type { Metadata } from 'next';
import { requestHost } from '@/lib/auth/session';
import { resolveTenant } from '@/lib/tenancy/resolve-host';

/** Title "Not found" for pages asked on a host that is no tenant's (those pages render the 404). */
export const NOT_FOUND_TITLE = 'Not found · Quorum';

/**
 * `generateMetadata` for a tenant page. When the layout calls notFound() for an unknown host, Next
 * still resolves the page's own metadata; a static `title` would then put "Polls" on the 404 page.
 * Host resolution is cached in process, so this costs no extra query.
 */
export function tenantPageMetadata(title: string): () => Promise<Metadata> {
  return async () => {
    const rh = await requestHost();
    const tenant = rh?.kind === 'tenant' ? await resolveTenant(rh.host) : null;
    return tenant ? { title } : { title: { absolute: NOT_FOUND_TITLE } };
  };
}
