import { getTranslations } from 'next-intl/server';
import { tenantPageMetadata } from '@/components/tenant/page-metadata';
import { param } from '@/components/auth/safe-next';
import { NewUserForm } from '@/components/tenant/NewUserForm';
import { UserTable } from '@/components/tenant/UserTable';
import { Alert, Card, Flash, LinkButton, PageHeader } from '@/components/ui';
import { buttonClass } from '@/components/ui/button-class';
import { requireTenantUser } from '@/lib/features/auth/session';
import { withTenant } from '@/lib/tenancy';
import { listUsers } from '@/lib/features/auth/users';
import { INVITATION_DAYS, listInvitations } from '@/lib/features/users/invitations';
import { InvitationList } from '@/components/tenant/InvitationList';

export const generateMetadata = tenantPageMetadata(async () => (await getTranslations('tenant.metadata'))('users'));

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function UsersPage({ searchParams }: { searchParams: Search }) {
  const ctx = await requireTenantUser({ admin: true, next: '/users' });
  const [users, invitations] = await withTenant(ctx.tenant, async (db) => [await listUsers(db), await listInvitations(db)] as const);
  const sp = await searchParams;
  const created = param(sp.created);
  const removed = param(sp.removed);
  const invited = param(sp.invited);
  const revoked = param(sp.revoked);
  const t = await getTranslations('tenant.users');
  return (
    <>
      <PageHeader title={t('title')} description={t('description', { name: ctx.tenant.name })} />
      {created ? (
        <Alert tone="success" className="mb-4">
          {t('created', { email: created })}
        </Alert>
      ) : null}
      {removed ? (
        <Flash>
          <Alert tone="success" className="mb-4">
            {t('removed', { email: removed })}
          </Alert>
        </Flash>
      ) : null}
      {invited ? (
        <Flash>
          <Alert tone="success" className="mb-4">
            {t('invited', { email: invited })}
          </Alert>
        </Flash>
      ) : null}
      {revoked ? (
        <Flash>
          <Alert tone="success" className="mb-4">
            {t('revoked', { email: revoked })}
          </Alert>
        </Flash>
      ) : null}
      <div className="space-y-6">
        <Card title={t('invitations.title')}>
          {ctx.readOnly ? (
            <p className="text-sm text-slate-800">{t('invitations.readOnly')}</p>
          ) : (
            <>
              <p className="mb-3 text-sm text-slate-800">{t('invitations.intro', { days: INVITATION_DAYS })}</p>
              <LinkButton href="/users/invite" variant="secondary">
                {t('invitations.invite')}
              </LinkButton>
            </>
          )}
          <h3 className="mt-6 mb-2 text-sm font-semibold text-slate-900">{t('invitations.open')}</h3>
          <InvitationList invitations={invitations} manage={!ctx.readOnly} />
        </Card>
        <Card title={t('add.title')}>{ctx.readOnly ? <p className="text-sm text-slate-800">{t('add.readOnly')}</p> : <NewUserForm />}</Card>
        <Card title={t('all', { count: users.length })}>
          <UserTable users={users} currentUserId={ctx.user.uid} manage={!ctx.readOnly} />
        </Card>
        <Card title={t('data.title')}>
          <p className="mb-3 text-sm text-slate-800">{t('data.body')}</p>
          <a href="/download" download className={buttonClass('secondary')}>
            {t('data.download')}
          </a>
        </Card>
      </div>
    </>
  );
}
