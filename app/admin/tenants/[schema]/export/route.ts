import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { notFound } from 'next/navigation';
import { requireSuperuser } from '@/lib/auth/session';
import { directDb } from '@/lib/db/pool';
import { UserError } from '@/lib/errors';
import { exportTenant } from '@/lib/tenancy/lifecycle';
import { validateSchemaName } from '@/lib/tenancy/schema-name';

// GET /admin/tenants/<schema>/export: the operator's per-tenant backup, the same file as
// `npm run tenants -- export` (restorable with `import`), written to a private temp file first
// so the snapshot transaction does not wait on the browser, then streamed and removed.
export async function GET(_req: Request, { params }: { params: Promise<{ schema: string }> }): Promise<Response> {
  const { schema } = await params;
  await requireSuperuser(validateSchemaName(schema).ok ? `/admin/tenants/${schema}` : '/admin');
  if (!validateSchemaName(schema).ok) notFound();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'quorum-export-'));
  const file = path.join(dir, `${schema}.qexport`);
  try {
    await exportTenant(directDb(), schema, file);
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    if (err instanceof UserError && err.status === 404) notFound();
    throw err;
  }
  const { size } = await stat(file);
  const body = createReadStream(file);
  body.on('close', () => void rm(dir, { recursive: true, force: true }));
  const day = new Date().toISOString().slice(0, 10);
  return new Response(Readable.toWeb(body) as ReadableStream, {
    headers: {
      'content-type': 'application/gzip',
      'content-length': String(size),
      'content-disposition': `attachment; filename="${schema}-${day}.qexport"`,
      'cache-control': 'no-store',
    },
  });
}
