import type { Metadata } from 'next';
import { currentIdentity } from '@/lib/features/auth/session';
import { getPoll, pollId } from '@/lib/features/polls/polls';
import { withTenant } from '@/lib/tenancy';
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

/**
 * `generateMetadata` for a poll's pages: the poll's question as the title (so tabs and history
 * tell polls apart), `fallback` when the visitor may not read it (not signed in here, no such poll).
 */
export function pollPageMetadata(fallback: string, prefix = '') {
  return async ({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> => {
    const tenant = await requestTenant();
    if (!tenant) return { title: { absolute: NOT_FOUND_TITLE } };
    const id = pollId.safeParse((await params).id);
    const who = await currentIdentity();
    if (!id.success || !who || who.kind !== 'tenant' || who.tenant !== tenant.schema) return { title: fallback };
    const poll = await withTenant(tenant, (db) => getPoll(db, id.data, who.uid));
    return { title: poll ? `${prefix}${poll.question}` : fallback };
  };
}
