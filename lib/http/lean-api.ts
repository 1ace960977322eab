// The lean path of the production server: anonymous reads of the JSON API on a tenant host
// (`GET /api/polls`, `GET /api/polls/:id`) answered straight from node:http, without Next's
// router, middleware sandbox, web Request/Response objects and route-module wrapper, which cost
// ~3/4 of the app's CPU per request (bench/README.md, "peer"). Same steps as the Next route:
// the Host parsed and classified by lib/tenancy/host.ts as the middleware does, the tenant
// resolved by the same cached resolveTenant, the same status checks and messages as
// tenantRoute, the same public-reads check (assertPublicReads: a tenant that turned anonymous reads
// off gets the same 401), the same statement (tenantStatement + listPollsQuery/pollQuery) and the
// same first page (toPage with the default limit, next_cursor), the same error mapping (errorResponse), the same request id and logger, and the security headers that the
// build's routes-manifest.json holds for the path (next.config.mjs `headers()`).
// Everything else — other methods, other paths, a query string, a bearer token, a root or
// invalid Host — is declined (the function returns false) and goes to Next's handler unchanged.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { requestLogger } from '@/lib/infra/log';
import { DEFAULT_PAGE_SIZE, toPage } from '@/lib/features/polls/page';
import { listPollsQuery, pollId, pollQuery } from '@/lib/features/polls/polls';
import { classifyHost } from '@/lib/tenancy/host';
import { REQUEST_ID_HEADER, rootDomain } from '@/lib/tenancy/routing';
import { activeTenantForHost, preparedTenantStatement, tenantStatement } from '@/lib/tenancy';
import { requestClientAddress } from '@/lib/infra/client-address';
import { UserError } from '@/lib/infra/errors';
import { assertPublicReads, errorResponse } from './tenant-route';

interface HeaderRule {
  regex: RegExp;
  headers: [string, string][];
}

/**
 * The `headers()` rules of the build (routes-manifest.json), or null when the lean path cannot
 * apply them faithfully (a basePath, or a rule with has/missing conditions): then it stays off.
 */
export function loadHeaderRules(distDir: string): HeaderRule[] | null {
  const manifest = JSON.parse(fs.readFileSync(path.join(distDir, 'routes-manifest.json'), 'utf8')) as {
    basePath?: string;
    headers?: { regex: string; headers: { key: string; value: string }[]; has?: unknown; missing?: unknown }[];
  };
  if (manifest.basePath) return null;
  const rules: HeaderRule[] = [];
  for (const r of manifest.headers ?? []) {
    if (r.has || r.missing) return null;
    rules.push({ regex: new RegExp(r.regex), headers: r.headers.map((h) => [h.key, h.value]) });
  }
  return rules;
}

const POLL_PATH = /^\/api\/polls\/([^/?#]+)$/;

// The anonymous first page is the same SQL for every tenant: compiled once, not per request.
const firstPollsPage = preparedTenantStatement((db) => listPollsQuery(db, null, { limit: DEFAULT_PAGE_SIZE }));

type Route = { kind: 'list' } | { kind: 'one'; id: string };

function routeOf(req: IncomingMessage): Route | null {
  if (req.method !== 'GET' || req.headers.authorization !== undefined) return null;
  const url = req.url ?? '';
  if (url === '/api/polls') return { kind: 'list' };
  const m = POLL_PATH.exec(url);
  // Only plain ids: anything encoded or dotted keeps Next's own path handling.
  return m && /^[0-9]+$/.test(m[1]) ? { kind: 'one', id: m[1] } : null;
}

export type LeanHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

/** A handler that answers what it can and returns true, or returns false for Next to answer. */
export function leanApiHandler(distDir: string): LeanHandler | null {
  const rules = loadHeaderRules(distDir);
  if (!rules) return null;
  const headerCache = new Map<string, [string, string][]>();
  const securityHeaders = (pathname: string) => {
    let hs = headerCache.get(pathname);
    if (!hs) {
      hs = rules.filter((r) => r.regex.test(pathname)).flatMap((r) => r.headers);
      if (headerCache.size < 1000) headerCache.set(pathname, hs);
    }
    return hs;
  };

  const send = (res: ServerResponse, pathname: string, requestId: string, status: number, body: string, extra?: Headers) => {
    for (const [k, v] of securityHeaders(pathname)) res.setHeader(k, v);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    extra?.forEach((v, k) => res.setHeader(k, v));
    res.setHeader('content-type', 'application/json');
    res.setHeader('content-length', Buffer.byteLength(body));
    res.statusCode = status;
    res.end(body);
  };

  return (req, res) => {
    const route = routeOf(req);
    if (!route) return false;
    const host = classifyHost(req.headers.host, rootDomain());
    if (host.kind !== 'tenant') return false;
    const pathname = req.url!;
    const requestId = randomUUID();
    const fail = async (err: unknown) => {
      // The child logger only when there is something to log (it costs a few µs per request).
      const r = errorResponse(err, requestLogger({ requestId, host: host.host, address: requestClientAddress(req.headers) }));
      const headers = new Headers(r.headers);
      headers.delete('content-type');
      send(res, pathname, requestId, r.status, await r.text(), headers);
    };
    (async () => {
      const tenant = await activeTenantForHost(host.host);
      let body: string;
      if (route.kind === 'list') {
        // No query string here, so the first page at the default limit (as pageParams gives Next's route).
        assertPublicReads(tenant);
        const rows = await firstPollsPage(tenant);
        const { items, next_cursor } = toPage(rows, DEFAULT_PAGE_SIZE);
        body = JSON.stringify({ tenant: tenant.schema, polls: items, next_cursor });
      } else {
        const id = pollId.safeParse(route.id);
        if (!id.success) throw new UserError('Poll not found.', 404);
        assertPublicReads(tenant);
        const poll = (await tenantStatement(tenant, (db) => pollQuery(db, id.data, null)))[0];
        if (!poll) throw new UserError('Poll not found.', 404);
        body = JSON.stringify({ tenant: tenant.schema, poll });
      }
      send(res, pathname, requestId, 200, body);
    })().catch((err: unknown) =>
      fail(err).catch((e: unknown) => {
        requestLogger({ requestId, host: host.host, address: requestClientAddress(req.headers) }).error(
          { err: e },
          'lean API: could not send the error response',
        );
        res.destroy();
      }),
    );
    return true;
  };
}
