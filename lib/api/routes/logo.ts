// The organisation's logo: anyone on the tenant's host may fetch it; a tenant admin (browser
// session or bearer token) uploads or removes it. Stored by tenant id, so it is this host's only.
import { z } from 'zod';
import type { SessionIdentity } from '@/lib/features/auth/next-auth';
import { UserError } from '@/lib/infra/errors';
import { LOGO_MAX_BYTES, readLogo, removeLogo, saveLogo } from '@/lib/features/organisation/logo';
import { withTenant } from '@/lib/tenancy';
import { auditApiAdmin } from '../audit';
import { assertWritable, bearerToken, requireApiUser } from '../auth';
import { bodyAnswer, emptyAnswer, jsonAnswer } from '../answer';
import { define, error, json, type ApiApp, type ApiContext } from '../define';
import { bearer } from '../schemas';
import { sessionIdentity } from '../session';
import { liveTenantUser, mustSetUpTwoFactor } from '@/lib/features/auth/live-user';

const ADMIN_ONLY = 'Only an admin of this organisation can change its logo.';
const SET_UP_TWO_FACTOR_FIRST =
  'Admins of this organisation must use two-factor: set it up on the Security page (/settings/security) first.';

/** The admin (bearer token or browser session) making the change, for the audit log. */
async function requireAdmin(c: ApiContext): Promise<Pick<SessionIdentity, 'email' | 'impersonator'>> {
  const tenant = c.get('tenant');
  if (bearerToken(c) !== null) {
    const user = await withTenant(tenant, (db) => requireApiUser(c, db));
    if (user.role !== 'admin') throw new UserError(ADMIN_ONLY, 403);
    return user;
  }
  const id = await sessionIdentity(c, tenant.schema);
  if (!id || id.kind !== 'tenant' || id.tenant !== tenant.schema) throw new UserError('Log in first.', 401);
  // The cookie's role is the one at login: the database's now decides (a demoted or removed admin's
  // cookie changes nothing), and an admin who must set up two-factor first does that first.
  const live = await liveTenantUser(tenant, id.uid);
  if (!live) throw new UserError('Log in first.', 401);
  if (live.role !== 'admin') throw new UserError(ADMIN_ONLY, 403);
  if (mustSetUpTwoFactor(id, live)) throw new UserError(SET_UP_TWO_FACTOR_FIRST, 403);
  return id;
}

/** The upload: the image as the body, or as the `logo` field of a multipart form. */
async function uploadedBytes(c: ApiContext): Promise<Buffer> {
  // Refuse what is plainly too large before reading it (a multipart body has a little framing).
  const declared = Number(c.req.header('content-length') ?? 0);
  if (declared > LOGO_MAX_BYTES + 64 * 1024) throw new UserError('The logo is larger than 1 MB; upload a smaller image.', 400);
  const type = c.req.header('content-type') ?? '';
  if (type.startsWith('multipart/form-data')) {
    const form = await c.req.raw.formData().catch(() => null);
    const file = form?.get('logo');
    if (!file || typeof file === 'string') throw new UserError('Choose an image file to upload.', 400);
    return Buffer.from(await file.arrayBuffer());
  }
  return Buffer.from(await c.req.raw.arrayBuffer());
}

const image = { content: { 'image/*': { schema: z.string().openapi({ format: 'binary' }) } } };

export function logoRoutes(app: ApiApp): void {
  define(
    app,
    {
      method: 'get',
      path: '/api/logo',
      summary: 'The organisation’s logo',
      tags: ['organisation'],
      request: {
        query: z.object({
          v: z
            .string()
            .optional()
            .openapi({ param: { name: 'v', in: 'query' }, description: 'The version (ETag); such a URL is cached for good' }),
        }),
      },
      responses: {
        200: { ...image, description: 'The image' },
        304: { description: 'Not modified' },
        404: error('No logo, or unknown host'),
      },
    },
    async (c) => {
      const tenant = c.get('tenant');
      const logo = await readLogo(tenant.id);
      if (!logo) throw new UserError('This organisation has no logo.', 404);
      const etag = `"${logo.etag}"`;
      // A URL carrying the version (?v=<etag>, as the header links it) never changes: cache it for good.
      const cache = c.req.query('v') === logo.etag ? 'public, max-age=31536000, immutable' : 'public, max-age=300';
      const headers = { 'Content-Type': logo.contentType, 'Cache-Control': cache, ETag: etag };
      if (c.req.header('if-none-match') === etag) return emptyAnswer(304, headers);
      return bodyAnswer(200, new Uint8Array(logo.bytes), { ...headers, 'Content-Length': String(logo.bytes.length) });
    },
  );

  define(
    app,
    {
      method: 'post',
      path: '/api/logo',
      summary: 'Upload the logo (tenant admins; the image as the body or the `logo` field of a form)',
      tags: ['organisation'],
      security: bearer,
      request: { body: { ...image, required: true } },
      responses: {
        201: json(z.object({ content_type: z.string(), size: z.number().int(), url: z.string() }), 'Stored'),
        400: error('Not an image, or too large'),
        401: error('Not logged in'),
        403: error('Not an admin; read-only or suspended organisation'),
        404: error('Unknown host'),
      },
    },
    async (c) => {
      const tenant = c.get('tenant');
      assertWritable(tenant);
      const user = await requireAdmin(c);
      const logo = await saveLogo(tenant.id, await uploadedBytes(c));
      await auditApiAdmin(c, user, 'tenant.logo', { size: logo.bytes.length, contentType: logo.contentType });
      return jsonAnswer({ content_type: logo.contentType, size: logo.bytes.length, url: `/api/logo?v=${logo.etag}` }, 201);
    },
  );

  define(
    app,
    {
      method: 'delete',
      path: '/api/logo',
      summary: 'Remove the logo (tenant admins)',
      tags: ['organisation'],
      security: bearer,
      responses: {
        204: { description: 'Removed' },
        401: error('Not logged in'),
        403: error('Not an admin; read-only or suspended organisation'),
        404: error('Unknown host'),
      },
    },
    async (c) => {
      const tenant = c.get('tenant');
      assertWritable(tenant);
      const user = await requireAdmin(c);
      await removeLogo(tenant.id);
      await auditApiAdmin(c, user, 'tenant.logo_remove');
      return emptyAnswer(204);
    },
  );
}
