import { Readable } from 'node:stream';
import { requireTenantUser } from '@/lib/features/auth/session';
import { tenantDataZip } from '@/lib/features/organisation/data-zip';

// GET /download on a tenant host: the tenant admin's "Download your data" (ZIP of CSV files).
export async function GET(): Promise<Response> {
  const ctx = await requireTenantUser({ admin: true, next: '/download' });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(Readable.toWeb(tenantDataZip(ctx.tenant)) as ReadableStream, {
    headers: {
      'content-type': 'application/zip',
      'content-disposition': `attachment; filename="${ctx.tenant.schema}-data-${day}.zip"`,
      'cache-control': 'no-store',
    },
  });
}
