import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { resolveTenant, type ResolvedTenant } from './resolve-host';
import { HOST_KIND_HEADER, TENANT_HOST_HEADER, type HostKind } from './routing';

// This request's host and tenant: the one place server code asks "whose request is this?".
// The host comes from the trusted header the middleware set (it overwrites any client copy),
// never from a form field, a bound action argument, the URL path or the client's own Host.

export interface RequestHost {
  host: string;
  kind: HostKind;
}

/** The trusted host headers from any header bag (next/headers, a NextRequest, next-auth's req). */
export function hostFromHeaders(get: (name: string) => string | null | undefined): RequestHost | null {
  const host = get(TENANT_HOST_HEADER);
  const kind = get(HOST_KIND_HEADER);
  if (!host || (kind !== 'root' && kind !== 'tenant')) return null;
  return { host, kind };
}

/**
 * The one convention for the rewritten `app/sites/[host]` segment: it must name the same host as
 * the trusted header (hosts are normalised to [a-z0-9.-], so the segment equals the host verbatim).
 * The segment never decides the tenant; a mismatch means the route was reached some other way.
 */
export function segmentMatches(segment: string | undefined, rh: RequestHost | null): rh is RequestHost {
  return !!rh && rh.kind === 'tenant' && segment === rh.host;
}

/** The request's host as the middleware saw it. Memoised per server render (React `cache`). */
export const requestHost = cache(async function requestHost(): Promise<RequestHost | null> {
  const h = await headers();
  return hostFromHeaders((name) => h.get(name));
});

/**
 * The tenant of this request's host, or null (root host, unknown host). Memoised per server
 * render; outside a render (route handlers, server actions) `cache` does not memoise, and the
 * in-process host cache (resolve-host.ts) answers without a query.
 */
export const requestTenant = cache(async function requestTenant(): Promise<ResolvedTenant | null> {
  const rh = await requestHost();
  if (!rh || rh.kind !== 'tenant') return null;
  return resolveTenant(rh.host);
});

/**
 * The tenant of this request's host, or the 404 page (unknown host, root host). Given the
 * `[host]` segment (the tenant layout does), also 404s when it disagrees with the trusted host.
 */
export async function hostTenant(segment?: string): Promise<ResolvedTenant> {
  if (segment !== undefined && !segmentMatches(segment, await requestHost())) notFound();
  const tenant = await requestTenant();
  if (!tenant) notFound();
  return tenant;
}
