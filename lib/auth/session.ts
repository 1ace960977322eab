import { getServerSession } from 'next-auth';
import { notFound, redirect } from 'next/navigation';
import { cache } from 'react';
import { isReadOnly, type ResolvedTenant } from '@/lib/tenancy';
import { hostTenant, requestHost, requestTenant } from '@/lib/tenancy/request';
import { adminOnlyPath } from './admin-only';
import { authOptionsFor, scopeOf, type SessionIdentity, type SessionScope } from './next-auth';

/** The session scope of this request's host: its tenant's schema, 'root', or null (unknown host). */
export async function scopeForRequest(): Promise<SessionScope> {
  const rh = await requestHost();
  if (!rh) return null;
  if (rh.kind === 'root') return 'root';
  return (await requestTenant())?.schema ?? null;
}

/**
 * The session's identity if, and only if, it was issued for this request's host.
 * Memoised per server render (React `cache`): the layout and the page both ask, and each
 * getServerSession decrypts the cookie and re-encrypts a refreshed one. Outside a render (route
 * handlers, server actions) `cache` does not memoise and every call reads the cookie again.
 */
export const currentIdentity = cache(async function currentIdentity(): Promise<SessionIdentity | null> {
  const scope = await scopeForRequest();
  if (scope === null) return null;
  const session = (await getServerSession(authOptionsFor(scope))) as { identity?: SessionIdentity } | null;
  const identity = session?.identity;
  return identity && scopeOf(identity) === scope ? identity : null;
});

export interface TenantContext {
  tenant: ResolvedTenant;
  user: SessionIdentity & { kind: 'tenant'; role: 'admin' | 'member' };
  readOnly: boolean;
}

/**
 * For tenant pages and actions: the host's tenant and a user of THAT tenant, or a redirect to
 * its login. Call it inside every action, not only in the page.
 */
export async function requireTenantUser(opts: { admin?: boolean; next?: string } = {}): Promise<TenantContext> {
  const tenant = await hostTenant();
  if (tenant.status === 'suspended') redirect('/suspended');
  const id = await currentIdentity();
  if (!id || id.kind !== 'tenant' || id.tenant !== tenant.schema) {
    redirect(`/login${opts.next ? `?callbackUrl=${encodeURIComponent(opts.next)}` : ''}`);
  }
  if (opts.admin && id.role !== 'admin') redirect(adminOnlyPath(opts.next));
  return { tenant, user: id as TenantContext['user'], readOnly: isReadOnly(tenant) };
}

/** For /admin pages and actions: a superuser session on the root host, or a redirect to login. */
export async function requireSuperuser(next?: string): Promise<SessionIdentity & { kind: 'superuser' }> {
  const rh = await requestHost();
  if (!rh || rh.kind !== 'root') notFound();
  const id = await currentIdentity();
  if (!id || id.kind !== 'superuser') redirect(`/login${next ? `?callbackUrl=${encodeURIComponent(next)}` : ''}`);
  return id as SessionIdentity & { kind: 'superuser' };
}
