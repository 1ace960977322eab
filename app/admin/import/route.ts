import { NextResponse } from 'next/server';
import { auditSuperuser } from '@/lib/features/admin/actions/audit';
import { importTenantInput } from '@/lib/features/admin/inputs';
import { tenantAdminHref } from '@/lib/platform/links';
import { importUploadedExport } from '@/lib/platform/tenant-import';
import { requireSuperuser } from '@/lib/features/auth/session';
import { UserError } from '@/lib/infra/errors';
import { log } from '@/lib/infra/log';
import { localiseSentence } from '@/lib/web/sentences';

// POST /admin/import (multipart: file, schema, domain): restores an export as a new tenant.
// A route handler, not an action: export files exceed the actions' 64 KB body limit.
// Same-origin only (the Origin header must be this host), and a superuser session, checked first.
export async function POST(req: Request): Promise<Response> {
  const su = await requireSuperuser('/admin/tenants/new');
  const origin = req.headers.get('origin');
  const host = req.headers.get('host');
  if (!origin || !host || new URL(origin).host !== host)
    return NextResponse.json({ error: await localiseSentence('Cross-site request refused.') }, { status: 403 });
  let form: FormData;
  try {
    form = await req.formData();
  } catch {
    return NextResponse.json({ error: await localiseSentence('Send the form as multipart/form-data.') }, { status: 400 });
  }
  const file = form.get('file');
  const parsed = importTenantInput.safeParse({ schema: String(form.get('schema') ?? ''), domain: String(form.get('domain') ?? '') });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return NextResponse.json({ error: await localiseSentence(issue.message), field: String(issue.path[0] ?? '') }, { status: 400 });
  }
  if (!(file instanceof Blob))
    return NextResponse.json({ error: await localiseSentence('Choose an export file to import.'), field: 'file' }, { status: 400 });
  try {
    const r = await importUploadedExport(file, parsed.data.schema, parsed.data.domain);
    log.info({ schema: r.tenant.schema_name, counts: r.counts }, 'tenant imported');
    await auditSuperuser(su, 'tenant.import', r.tenant.schema_name, { domain: parsed.data.domain ?? null, counts: r.counts });
    return NextResponse.json({
      schema: r.tenant.schema_name,
      href: `${tenantAdminHref(r.tenant.schema_name)}?created=1`,
      counts: r.counts,
    });
  } catch (err) {
    if (err instanceof UserError)
      return NextResponse.json({ error: await localiseSentence(err.message), field: err.field }, { status: err.status });
    log.error({ err }, 'tenant import failed');
    return NextResponse.json({ error: await localiseSentence('Something went wrong on our side; nothing was imported.') }, { status: 500 });
  }
}
