import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { notFound } from 'next/navigation';
import { auditSuperuser } from '@/lib/features/admin/actions/audit';
import { exportTenantToTempFile } from '@/lib/platform/tenant-export';
import { requireSuperuser } from '@/lib/features/auth/session';
import { UserError } from '@/lib/infra/errors';
import { validateSchemaName } from '@/lib/tenancy/schema-name';

// GET /admin/tenants/<schema>/export: the operator's per-tenant backup, the same file as
// `npm run tenants -- export` (restorable with `import`).
export async function GET(_req: Request, { params }: { params: Promise<{ schema: string }> }): Promise<Response> {
  const { schema } = await params;
  const su = await requireSuperuser(validateSchemaName(schema).ok ? `/admin/tenants/${schema}` : '/admin');
  if (!validateSchemaName(schema).ok) notFound();
  let out: Awaited<ReturnType<typeof exportTenantToTempFile>>;
  try {
    out = await exportTenantToTempFile(schema);
  } catch (err) {
    if (err instanceof UserError && err.status === 404) notFound();
    throw err;
  }
  // Recorded when the file is ready to send: a download of every row of a tenant is worth knowing about.
  await auditSuperuser(su, 'tenant.export', schema, { bytes: out.size }).catch(async (err: unknown) => {
    await out.cleanup();
    throw err;
  });
  const body = createReadStream(out.file);
  body.on('close', () => void out.cleanup());
  const day = new Date().toISOString().slice(0, 10);
  return new Response(Readable.toWeb(body) as ReadableStream, {
    headers: {
      'content-type': 'application/gzip',
      'content-length': String(out.size),
      'content-disposition': `attachment; filename="${schema}-${day}.qexport"`,
      'cache-control': 'no-store',
    },
  });
}
