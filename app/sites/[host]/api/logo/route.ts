import { NextResponse } from 'next/server';
import { auditTenantAdmin } from '@/lib/features/auth/tenant-audit';
import type { SessionIdentity } from '@/lib/features/auth/next-auth';
import { currentIdentity } from '@/lib/features/auth/session';
import { UserError } from '@/lib/infra/errors';
import { requireApiUser } from '@/lib/http/api-auth';
import { assertWritable, bearerToken, tenantRoute, type TenantCtx } from '@/lib/http/tenant-route';
import { LOGO_MAX_BYTES, readLogo, removeLogo, saveLogo } from '@/lib/features/organisation/logo';
import { withTenant } from '@/lib/tenancy';

// The organisation's logo: anyone on the tenant's host may fetch it; a tenant admin (browser
// session or bearer token) uploads or removes it. Stored by tenant id, so it is this host's only.

export const GET = tenantRoute(async (ctx) => {
  const logo = await readLogo(ctx.tenant.id);
  if (!logo) throw new UserError('This organisation has no logo.', 404);
  const etag = `"${logo.etag}"`;
  // A URL carrying the version (?v=<etag>, as the header links it) never changes: cache it for good.
  const cache = ctx.req.nextUrl.searchParams.get('v') === logo.etag ? 'public, max-age=31536000, immutable' : 'public, max-age=300';
  const headers = { 'Content-Type': logo.contentType, 'Cache-Control': cache, ETag: etag };
  if (ctx.req.headers.get('if-none-match') === etag) return new NextResponse(null, { status: 304, headers });
  return new NextResponse(new Uint8Array(logo.bytes), {
    status: 200,
    headers: { ...headers, 'Content-Length': String(logo.bytes.length) },
  });
});

/** The admin (bearer token or browser session) making the change, for the audit log. */
async function requireAdmin(ctx: TenantCtx): Promise<Pick<SessionIdentity, 'email' | 'impersonator'>> {
  if (bearerToken(ctx.req) !== null) {
    const user = await withTenant(ctx.tenant, (db) => requireApiUser(ctx, db));
    if (user.role !== 'admin') throw new UserError('Only an admin of this organisation can change its logo.', 403);
    return user;
  }
  const id = await currentIdentity();
  if (!id || id.kind !== 'tenant' || id.tenant !== ctx.tenant.schema) throw new UserError('Log in first.', 401);
  if (id.role !== 'admin') throw new UserError('Only an admin of this organisation can change its logo.', 403);
  return id;
}

/** The upload: the image as the body, or as the `logo` field of a multipart form. */
async function uploadedBytes(ctx: TenantCtx): Promise<Buffer> {
  // Refuse what is plainly too large before reading it (a multipart body has a little framing).
  const declared = Number(ctx.req.headers.get('content-length') ?? 0);
  if (declared > LOGO_MAX_BYTES + 64 * 1024) throw new UserError('The logo is larger than 1 MB; upload a smaller image.', 400);
  const type = ctx.req.headers.get('content-type') ?? '';
  if (type.startsWith('multipart/form-data')) {
    const form = await ctx.req.formData().catch(() => null);
    const file = form?.get('logo');
    if (!file || typeof file === 'string') throw new UserError('Choose an image file to upload.', 400);
    return Buffer.from(await file.arrayBuffer());
  }
  return Buffer.from(await ctx.req.arrayBuffer());
}

export const POST = tenantRoute(async (ctx) => {
  assertWritable(ctx.tenant);
  const user = await requireAdmin(ctx);
  const logo = await saveLogo(ctx.tenant.id, await uploadedBytes(ctx));
  await auditTenantAdmin({ tenant: ctx.tenant, user }, 'tenant.logo', { size: logo.bytes.length, contentType: logo.contentType });
  return NextResponse.json({ content_type: logo.contentType, size: logo.bytes.length, url: `/api/logo?v=${logo.etag}` }, { status: 201 });
});

export const DELETE = tenantRoute(async (ctx) => {
  assertWritable(ctx.tenant);
  const user = await requireAdmin(ctx);
  await removeLogo(ctx.tenant.id);
  await auditTenantAdmin({ tenant: ctx.tenant, user }, 'tenant.logo_remove');
  return new NextResponse(null, { status: 204 });
});
