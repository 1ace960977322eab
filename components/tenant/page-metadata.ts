import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { currentIdentity } from '@/lib/features/auth/session';
import { getPoll, pollId } from '@/lib/features/polls/polls';
import { withTenant } from '@/lib/tenancy';
import { requestTenant } from '@/lib/tenancy/request';

/** A page title: a fixed string, or a function that reads it from the catalogue in the request's language. */
export type PageTitle = string | (() => Promise<string>);

async function titleOf(title: PageTitle): Promise<string> {
  return typeof title === 'string' ? title : title();
}

/** Title "Not found · Quorum" for pages asked on a host that is no tenant's (those pages render the 404). */
export async function notFoundTitle(): Promise<string> {
  return (await getTranslations('tenant.metadata'))('notFound');
}

/**
 * `generateMetadata` for a tenant page. When the layout calls notFound() for an unknown host, Next
 * still resolves the page's own metadata; a static `title` would then put "Polls" on the 404 page.
 * requestTenant is memoised per render, so this costs no extra lookup.
 */
export function tenantPageMetadata(title: PageTitle): () => Promise<Metadata> {
  return async () => {
    const tenant = await requestTenant();
    return tenant ? { title: await titleOf(title) } : { title: { absolute: await notFoundTitle() } };
  };
}

/**
 * `generateMetadata` for a poll's pages: the poll's question as the title (so tabs and history
 * tell polls apart), `fallback` when the visitor may not read it (not signed in here, no such poll).
 * `titled` is a prefix for the question ('Edit: '), or a function that makes the title from it.
 */
export function pollPageMetadata(fallback: PageTitle, titled: string | ((question: string) => string | Promise<string>) = '') {
  return async ({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> => {
    const tenant = await requestTenant();
    if (!tenant) return { title: { absolute: await notFoundTitle() } };
    const id = pollId.safeParse((await params).id);
    const who = await currentIdentity();
    if (!id.success || !who || who.kind !== 'tenant' || who.tenant !== tenant.schema) return { title: await titleOf(fallback) };
    const poll = await withTenant(tenant, (db) => getPoll(db, id.data, who.uid));
    if (!poll) return { title: await titleOf(fallback) };
    return { title: typeof titled === 'string' ? `${titled}${poll.question}` : await titled(poll.question) };
  };
}
