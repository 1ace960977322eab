import type { Metadata } from 'next';
import { requestTenant } from '@/lib/tenancy/request';

/** Title "Not found" for pages asked on a host that is no tenant's (those pages render the 404). */
export const NOT_FOUND_TITLE = 'Not found · Quorum';

/**
 * `generateMetadata` for a tenant page. When the layout calls notFound() for an unknown host, Next
 * still resolves the page's own metadata; a static `title` would then put "Polls" on the 404 page.
 * requestTenant is memoised per render, so this costs no extra lookup.
 */
export function tenantPageMetadata(title: string): () => Promise<Metadata> {
  return async () => {
    const tenant = await requestTenant();
    return tenant ? { title } : { title: { absolute: NOT_FOUND_TITLE } };
  };
}
