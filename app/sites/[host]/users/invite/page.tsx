import { getTranslations } from 'next-intl/server';
import { tenantPageMetadata } from '@/components/tenant/page-metadata';
import { InviteUserForm } from '@/components/tenant/InviteUserForm';
import { Alert, Card, LinkButton, PageHeader } from '@/components/ui';
import { requireTenantUser } from '@/lib/features/auth/session';
import { INVITATION_DAYS } from '@/lib/features/users/invitations';

export const generateMetadata = tenantPageMetadata(async () => (await getTranslations('tenant.metadata'))('invite'));

/** Tenant admins invite someone: the email (sent by a job) links to /invite on this host. */
export default async function InvitePersonPage() {
  const ctx = await requireTenantUser({ admin: true, next: '/users/invite' });
  const t = await getTranslations('tenant.invite');
  const back = (
    <LinkButton href="/users" variant="secondary">
      {t('back')}
    </LinkButton>
  );
  return (
    <>
      <PageHeader title={t('title')} description={t('description', { name: ctx.tenant.name, days: INVITATION_DAYS })} actions={back} />
      {ctx.readOnly ? (
        <Alert tone="warning">{t('readOnly')}</Alert>
      ) : (
        <Card>
          <InviteUserForm />
        </Card>
      )}
    </>
  );
}
