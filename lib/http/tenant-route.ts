import { NextResponse, type NextRequest } from 'next/server';
import { ZodError, type ZodType } from 'zod';
import type { Logger } from 'pino';
import { isUnavailableError } from '@/lib/infra/db/pool';
import { UserError } from '@/lib/infra/errors';
import { requestLogger } from '@/lib/infra/log';
import { requestClientAddress } from '@/lib/infra/client-address';
import { activeTenantForHost, busyRefusal, isReadOnly, type ResolvedTenant } from '@/lib/tenancy';
import { hostFromHeaders, segmentMatches } from '@/lib/tenancy/request';

const MAX_BODY_BYTES = 64 * 1024;

export interface TenantCtx {
  req: NextRequest;
  tenant: ResolvedTenant;
  params: Record<string, string>;
  log: Logger;
}

export function jsonError(status: number, error: string, headers?: HeadersInit): NextResponse {
  return NextResponse.json({ error }, { status, headers });
}

/** Maps any thrown value to a JSON response: sentences for users, 503 when the database is away, 500 otherwise. */
export function errorResponse(err: unknown, log: Logger): NextResponse {
  if (err instanceof UserError) return jsonError(err.status, err.message);
  if (err instanceof ZodError) return jsonError(400, err.issues[0]?.message ?? 'Invalid input.');
  // The tenant's share of database work is used up, or its statement ran into its timeout (issue 21).
  const busy = busyRefusal(err);
  if (busy) {
    log.warn({ err: (err as Error).message }, 'tenant busy');
    return jsonError(503, busy.message, { 'Retry-After': String(busy.retryAfterSeconds) });
  }
  if (isUnavailableError(err)) {
    log.warn({ err: (err as Error).message }, 'database unavailable');
    return jsonError(503, 'The service is temporarily unavailable; try again in a moment.', { 'Retry-After': '1' });
  }
  log.error({ err }, 'request failed');
  return jsonError(500, 'Something went wrong on our side.');
}

/** Reads a JSON body (bounded in size) and validates it; every failure is a 400 with a sentence. */
export async function readJson<T>(req: NextRequest, schema: ZodType<T>): Promise<T> {
  const declared = Number(req.headers.get('content-length') ?? 0);
  if (declared > MAX_BODY_BYTES) throw new UserError(`The request body is larger than ${MAX_BODY_BYTES / 1024} KB.`);
  const text = await req.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw new UserError(`The request body is larger than ${MAX_BODY_BYTES / 1024} KB.`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UserError('The request body must be valid JSON.');
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
    throw new UserError(issue.code === 'unrecognized_keys' ? issue.message : `${where}${issue.message}`);
  }
  return parsed.data;
}

export function bearerToken(req: NextRequest): string | null {
  const h = req.headers.get('authorization');
  if (!h) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(h.trim());
  return m ? m[1] : '';
}

export function assertWritable(tenant: ResolvedTenant): void {
  if (isReadOnly(tenant)) throw new UserError('This organisation’s subscription has expired; it is read-only until renewed.', 403);
}

/**
 * Wraps a route handler on a tenant host: the tenant comes from the trusted host header the
 * middleware set (and must agree with the rewritten path), never from the client.
 */
export function tenantRoute(handler: (ctx: TenantCtx) => Promise<Response>) {
  return async (req: NextRequest, context: { params: Promise<Record<string, string>> }): Promise<Response> => {
    const rh = hostFromHeaders((name) => req.headers.get(name));
    const params = await context.params;
    const log = requestLogger({
      requestId: req.headers.get('x-request-id'),
      host: rh?.host ?? null,
      address: requestClientAddress(req.headers),
    });
    try {
      if (!segmentMatches(params.host, rh)) return jsonError(404, 'Not found.');
      const tenant = await activeTenantForHost(rh.host);
      return await handler({ req, tenant, params, log: log.child({ tenant: tenant.schema }) });
    } catch (err) {
      return errorResponse(err, log);
    }
  };
}

/**
 * Anonymous reads of polls are a per-tenant choice (tenants.public_reads): when the tenant has
 * turned them off, a request without a token is a 401 that says how to get in.
 */
export function assertPublicReads(tenant: Pick<ResolvedTenant, 'publicReads'>): void {
  if (!tenant.publicReads)
    throw new UserError('This organisation’s polls are not public: log in (POST /api/login) and send the token as a Bearer header.', 401);
}
