import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { auditActionLabel } from '@/components/audit/action-label';
import { AuditFilter, AuditFilterField } from '@/components/audit/AuditFilter';
import { AuditTable } from '@/components/audit/AuditTable';
import { tenantPageMetadata } from '@/components/tenant/page-metadata';
import { Card, PageHeader } from '@/components/ui';
import { buttonClass } from '@/components/ui/button-class';
import { auditHref, auditParams, TENANT_AUDIT_ACTIONS } from '@/lib/features/admin/audit-params';
import { fetchTenantAudit } from '@/lib/features/admin/fetchers';
import { requireTenantUser } from '@/lib/features/auth/session';

export const generateMetadata = tenantPageMetadata(async () => (await getTranslations('audit.metadata'))('title'));

type Search = Promise<Record<string, string | string[] | undefined>>;

const PER_PAGE = 50;

/** The organisation's own audit trail: its admins' actions on users and settings, and superusers' visits. */
export default async function TenantAuditPage({ searchParams }: { searchParams: Search }) {
  const ctx = await requireTenantUser({ admin: true, next: '/audit' });
  const sp = await searchParams;
  const p = auditParams.parse({ action: sp.action, actor: sp.actor, before: sp.before });
  const { rows, next } = await fetchTenantAudit(ctx.tenant.id, { ...p, limit: PER_PAGE });
  const t = await getTranslations('audit');
  return (
    <>
      <PageHeader title={t('page.title')} description={t('page.description', { name: ctx.tenant.name })} />
      <AuditFilter>
        <AuditFilterField label={t('page.action')}>
          <select name="action" defaultValue={p.action ?? ''} className="rounded border border-slate-400 bg-white px-2 py-1">
            <option value="">{t('page.any')}</option>
            {TENANT_AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {auditActionLabel(t, a)}
              </option>
            ))}
          </select>
        </AuditFilterField>
        <AuditFilterField label={t('page.who')}>
          <input name="actor" type="email" defaultValue={p.actor ?? ''} className="rounded border border-slate-400 px-2 py-1" />
        </AuditFilterField>
      </AuditFilter>
      <div className="mt-6">
        <Card title={p.before ? t('page.older') : t('page.latest')}>
          <AuditTable rows={rows} showTenant={false} />
          <nav aria-label={t('page.pagination')} className="mt-4 flex gap-2 text-sm">
            {p.before ? (
              <Link href={auditHref('/audit', p)} className={buttonClass('secondary', 'px-3 py-1.5')}>
                {t('page.newest')}
              </Link>
            ) : null}
            {next ? (
              <Link href={auditHref('/audit', p, next)} className={buttonClass('secondary', 'px-3 py-1.5')} rel="next">
                {t('page.olderLink')}
              </Link>
            ) : null}
          </nav>
        </Card>
      </div>
    </>
  );
}
