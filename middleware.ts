// Middleware: parse Host, replace the trusted tenancy headers, rewrite tenant hosts to the
// internal /sites/<host> route. Pure on purpose: no database here; the route side
// resolves the host to a tenant.
import { NextResponse, type NextRequest } from 'next/server';
import { classifyHost, normalizeHost } from './lib/tenancy/host';
import {
  HOST_KIND_HEADER,
  REQUEST_ID_HEADER,
  TENANT_HOST_HEADER,
  hitsInternalPrefix,
  internalPath,
  rootDomain,
} from './lib/tenancy/routing';

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
  // The Node.js runtime (opt-in for middleware.ts since Next 15.5; proxy.ts has no other): the
  // edge sandbox cost ~0.3 CPU-ms on every request here. Still pure: no database in the middleware.
  runtime: 'nodejs',
};

/** Served by no route: rewriting there renders app/not-found.tsx with status 404. */
export const NOT_FOUND_PATH = '/_quorum-not-found';

/** Site-wide files every host serves as they are (app/icon.svg; browsers ask for /favicon.ico too). */
const STATIC_ICON_PATHS = new Set(['/icon.svg', '/favicon.ico']);

/** A browser navigation (HTML first in Accept), as opposed to fetch/curl/API clients. */
function wantsHtml(request: NextRequest): boolean {
  return (request.headers.get('accept') ?? '').includes('text/html');
}

function errorResponse(status: 400 | 404, error: string, requestId: string): NextResponse {
  return NextResponse.json({ error }, { status, headers: { [REQUEST_ID_HEADER]: requestId } });
}

export function middleware(request: NextRequest): NextResponse {
  const requestId = crypto.randomUUID();
  // Start from the client's headers but never trust its copies of ours (SECURITY.md, tenant from the Host).
  // (x-quorum-client-address passes through: server.ts has already overwritten the client's copy,
  // and code reads it only in a process server.ts started; see lib/infra/client-address.ts.)
  const headers = new Headers(request.headers);
  headers.delete(TENANT_HOST_HEADER);
  headers.delete(HOST_KIND_HEADER);
  headers.set(REQUEST_ID_HEADER, requestId);
  const responseHeaders = { [REQUEST_ID_HEADER]: requestId };

  const rawHost = request.headers.get('host');
  const host = classifyHost(rawHost, rootDomain());
  if (host.kind === 'invalid') return errorResponse(400, 'Bad Host header', requestId);

  const { pathname } = request.nextUrl;
  if (host.kind === 'root') {
    // The internal route is only reachable through the tenant rewrite. A browser gets the site's
    // own 404 page (a path no route serves), API clients the JSON error.
    if (hitsInternalPrefix(pathname)) {
      if (!wantsHtml(request)) return errorResponse(404, 'Not found', requestId);
      headers.set(TENANT_HOST_HEADER, normalizeHost(rawHost)!);
      headers.set(HOST_KIND_HEADER, 'root');
      return NextResponse.rewrite(new URL(NOT_FOUND_PATH, request.url), { request: { headers }, headers: responseHeaders });
    }
    // When a server action on a tenant host calls redirect('/x'), Next fetches the RSC of '/x' from
    // its own origin (the root host) with the action request's headers, which still carry our
    // tenant marker. Rendering it here would show a root page on the tenant's URL; refusing it
    // makes Next fall back to a browser-side redirect, which arrives with the tenant's Host.
    // (Browsers never send the marker; refusing a forged one grants nothing.)
    if (request.headers.get(HOST_KIND_HEADER) === 'tenant') {
      return errorResponse(404, 'Not found', requestId);
    }
    headers.set(TENANT_HOST_HEADER, normalizeHost(rawHost)!);
    headers.set(HOST_KIND_HEADER, 'root');
    return NextResponse.next({ request: { headers }, headers: responseHeaders });
  }

  headers.set(TENANT_HOST_HEADER, host.host);
  headers.set(HOST_KIND_HEADER, 'tenant');
  // The site's icon is the same on every host: not a tenant page (issue 24, item 21).
  if (STATIC_ICON_PATHS.has(pathname)) return NextResponse.next({ request: { headers }, headers: responseHeaders });
  // Next internals (HMR, data) live at their own paths; pages, RSC and actions use the page path.
  if (pathname.startsWith('/_next/')) {
    if (hitsInternalPrefix(pathname)) return errorResponse(404, 'Not found', requestId);
    return NextResponse.next({ request: { headers }, headers: responseHeaders });
  }

  const url = request.nextUrl.clone(); // keeps origin and query string
  url.pathname = internalPath(host.host, pathname);
  // URL re-parsing resolves dot segments; make sure the target stayed under this host's prefix.
  const base = internalPath(host.host, '/');
  if (url.pathname !== base && !url.pathname.startsWith(`${base}/`)) {
    return errorResponse(400, 'Bad request path', requestId);
  }
  return NextResponse.rewrite(url, { request: { headers }, headers: responseHeaders });
}
