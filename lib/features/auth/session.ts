import { getServerSession } from 'next-auth';
import { notFound, redirect } from 'next/navigation';
import { cache } from 'react';
import { isReadOnly, type ResolvedTenant } from '@/lib/tenancy';
import { hostTenant, requestHost, requestTenant } from '@/lib/tenancy/request';
import { directDb } from '@/lib/infra/db/pool';
import { adminOnlyPath } from './admin-only';
import { superusersMustUseTwoFactor } from './two-factor';
import { liveTenantUser, mustSetUpTwoFactor } from './live-user';
import { authOptionsFor, scopeOf, type SessionIdentity, type SessionScope } from './next-auth';

/** The session scope of this request's host: its tenant's schema, 'root', or null (unknown host). */
export async function scopeForRequest(): Promise<SessionScope> {
  const rh = await requestHost();
  if (!rh) return null;
  if (rh.kind === 'root') return 'root';
  return (await requestTenant())?.schema ?? null;
}

/**
 * The identity in the session cookie if, and only if, it was issued for this request's host: the
 * role as it was at login. Memoised per server render (React `cache`): the layout and the page
 * both ask, and each getServerSession decrypts the cookie and re-encrypts a refreshed one. Outside
 * a render (route handlers, server actions) `cache` does not memoise and every call reads it again.
 */
export const sessionIdentity = cache(async function sessionIdentity(): Promise<SessionIdentity | null> {
  const scope = await scopeForRequest();
  if (scope === null) return null;
  const session = (await getServerSession(authOptionsFor(scope))) as { identity?: SessionIdentity } | null;
  const identity = session?.identity;
  return identity && scopeOf(identity) === scope ? identity : null;
});

/** liveTenantUser, memoised per server render (the layout and the page both ask). */
const liveUser = cache(liveTenantUser);

/** Where a session that still has to set up two-factor is sent (the only page it may use). */
export const TENANT_TWO_FACTOR_PATH = '/settings/security';
export const SUPERUSER_TWO_FACTOR_PATH = '/admin/two-factor';

/**
 * The session's identity as the database has it NOW (issue 24): for a tenant user, the role is
 * read from the user row on every request, and a removed user has no session at all. So a role
 * change or a removal reaches open sessions on their next page, download or action, not when the
 * 8-hour cookie expires. Pages, layouts and route handlers use this; writes too (tenantWriter).
 */
export const currentIdentity = cache(async function currentIdentity(): Promise<
  (SessionIdentity & { mustSetUpTwoFactor?: boolean }) | null
> {
  const identity = await sessionIdentity();
  if (!identity || identity.kind !== 'tenant') return identity;
  const tenant = await requestTenant();
  if (!tenant || tenant.schema !== identity.tenant) return null;
  const live = await liveUser(tenant, identity.uid);
  return live ? { ...identity, role: live.role, mustSetUpTwoFactor: mustSetUpTwoFactor(identity, live) } : null;
});

export interface TenantContext {
  tenant: ResolvedTenant;
  user: SessionIdentity & { kind: 'tenant'; role: 'admin' | 'member' };
  readOnly: boolean;
}

/**
 * For tenant pages, downloads and actions: the host's tenant and a user of THAT tenant with the
 * role the database has now (currentIdentity), or a redirect to its login (no session, or the
 * user was removed) or to the polls page (`admin` asked, the user is not one, or no longer one).
 * Call it inside every action and route handler, not only in the page.
 */
export async function requireTenantUser(opts: { admin?: boolean; next?: string; twoFactorSetUp?: boolean } = {}): Promise<TenantContext> {
  const tenant = await hostTenant();
  if (tenant.status === 'suspended') redirect('/suspended');
  const id = await currentIdentity();
  if (!id || id.kind !== 'tenant' || id.tenant !== tenant.schema) {
    redirect(`/login${opts.next ? `?callbackUrl=${encodeURIComponent(opts.next)}` : ''}`);
  }
  // Issue 23: an admin of an organisation that requires two-factor, signed in without a code,
  // reaches the two-factor page only (its actions pass twoFactorSetUp).
  if (id.mustSetUpTwoFactor && !opts.twoFactorSetUp) redirect(`${TENANT_TWO_FACTOR_PATH}?required=1`);
  if (opts.admin && id.role !== 'admin') redirect(adminOnlyPath(opts.next));
  return { tenant, user: id as TenantContext['user'], readOnly: isReadOnly(tenant) };
}

/** For /admin pages and actions: a superuser session on the root host, or a redirect to login. */
export async function requireSuperuser(
  next?: string,
  opts: { twoFactorSetUp?: boolean } = {},
): Promise<SessionIdentity & { kind: 'superuser' }> {
  const rh = await requestHost();
  if (!rh || rh.kind !== 'root') notFound();
  const id = await currentIdentity();
  if (!id || id.kind !== 'superuser') redirect(`/login${next ? `?callbackUrl=${encodeURIComponent(next)}` : ''}`);
  // Issue 23: with "superusers must use two-factor" on, a session signed in without a code reaches
  // the two-factor set-up and nothing else of /admin (no tenant, no "open as" link).
  if (!opts.twoFactorSetUp && !id.twoFactor && (await superusersMustUseTwoFactor(directDb())))
    redirect(`${SUPERUSER_TWO_FACTOR_PATH}?required=1`);
  return id as SessionIdentity & { kind: 'superuser' };
}
