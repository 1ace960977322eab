// The API reference for tenant admins: the OpenAPI document (GET /api/openapi.json, generated from
// lib/api's route definitions) rendered as a plain server-side page.
import { getTranslations } from 'next-intl/server';
import { tenantPageMetadata } from '@/components/tenant/page-metadata';
import { Card, PageHeader } from '@/components/ui';
import { apiReference } from '@/lib/api/reference';
import { requireTenantUser } from '@/lib/features/auth/session';

export const generateMetadata = tenantPageMetadata(async () => (await getTranslations('settings.metadata'))('api'));

export default async function ApiReferencePage() {
  const ctx = await requireTenantUser({ admin: true, next: '/settings/api' });
  const ref = apiReference();
  const t = await getTranslations('settings.api');
  return (
    <>
      <PageHeader title={t('title')} description={t('description', { name: ctx.tenant.name })} />
      <p className="mb-6 text-sm text-slate-800">
        {t.rich('intro', {
          header: 'Authorization: Bearer <token>',
          error: '{"error": "<sentence>"}',
          code: (chunks) => <code>{chunks}</code>,
          link: (chunks) => (
            <a className="underline" href="/api/openapi.json">
              {chunks}
            </a>
          ),
        })}
      </p>
      <div className="space-y-6">
        {ref.map((op) => (
          <Card key={`${op.method} ${op.path}`} title={`${op.method} ${op.path}`}>
            <div className="space-y-3 text-sm text-slate-800">
              <p>{op.summary}</p>
              {op.description && <p>{op.description}</p>}
              <p>{op.auth}</p>
              {op.params.length > 0 && (
                <div>
                  <h3 className="font-semibold">{t('parameters')}</h3>
                  <ul className="list-disc pl-5">
                    {op.params.map((p) => (
                      <li key={p.name}>
                        <code>{p.name}</code> ({p.in}){p.description ? `: ${p.description}` : ''}
                      </li>
                    ))}
                  </ul>
                </div>
              )}
              {op.body && (
                <div>
                  <h3 className="font-semibold">{t('requestBody', { type: op.body.type })}</h3>
                  <pre className="overflow-x-auto rounded bg-slate-100 p-2 text-xs">{op.body.schema}</pre>
                </div>
              )}
              <div>
                <h3 className="font-semibold">{t('responses')}</h3>
                <ul className="list-disc pl-5">
                  {op.responses.map((r) => (
                    <li key={r.status}>
                      <code>{r.status}</code> {r.description}
                      {r.schema && <pre className="mt-1 overflow-x-auto rounded bg-slate-100 p-2 text-xs">{r.schema}</pre>}
                    </li>
                  ))}
                </ul>
              </div>
            </div>
          </Card>
        ))}
      </div>
    </>
  );
}
