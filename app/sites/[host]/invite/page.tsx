import { tenantPageMetadata } from '@/components/tenant/page-metadata';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { AcceptInvitationForm } from '@/components/auth/AcceptInvitationForm';
import { param } from '@/components/auth/safe-next';
import { Alert, Card } from '@/components/ui';
import { hostTenant } from '@/lib/tenancy/request';
import { withTenant } from '@/lib/tenancy';
import { findInvitation } from '@/lib/features/users/invitations';

export async function generateMetadata() {
  return tenantPageMetadata((await getTranslations('auth.invite'))('title'))();
}

type Search = Promise<Record<string, string | string[] | undefined>>;

/** The page an invitation email links to (on the inviting tenant's host). */
export default async function InvitePage({ searchParams }: { searchParams: Search }) {
  const tenant = await hostTenant();
  if (tenant.status === 'suspended') redirect('/suspended');
  const token = param((await searchParams).token) ?? '';
  const inv = await withTenant(tenant, (db) => findInvitation(db, token));
  const t = await getTranslations('auth.invite');
  return (
    <div className="mx-auto max-w-md py-4">
      <h1 className="mb-2 text-2xl font-bold text-slate-900">{t('heading', { name: tenant.name })}</h1>
      {inv ? (
        <>
          <p className="mb-6 text-sm text-slate-700">{t('invited', { role: inv.role })}</p>
          <Card>
            <AcceptInvitationForm token={token} email={inv.email} />
          </Card>
        </>
      ) : (
        <Alert tone="error" title={t('invalidTitle')}>
          {t.rich('invalid', { name: tenant.name, link: (chunks) => <Link href="/login">{chunks}</Link> })}
        </Alert>
      )}
    </div>
  );
}
