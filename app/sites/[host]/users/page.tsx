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

export const generateMetadata = tenantPageMetadata('Users');

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function UsersPage({ searchParams }: { searchParams: Search }) {
  const ctx = await requireTenantUser({ admin: true, next: '/users' });
  const [users, invitations] = await withTenant(ctx.tenant, async (db) => [await listUsers(db), await listInvitations(db)] as const);
  const sp = await searchParams;
  const created = param(sp.created);
  const removed = param(sp.removed);
  const invited = param(sp.invited);
  const revoked = param(sp.revoked);
  return (
    <>
      <PageHeader title="Users" description={`People who can log in to ${ctx.tenant.name}.`} />
      {created ? (
        <Alert tone="success" className="mb-4">
          {created} can now log in here.
        </Alert>
      ) : null}
      {removed ? (
        <Flash>
          <Alert tone="success" className="mb-4">
            {removed} was removed. Their votes still count, without their name.
          </Alert>
        </Flash>
      ) : null}
      {invited ? (
        <Flash>
          <Alert tone="success" className="mb-4">
            The invitation to {invited} is queued: the email goes out in a moment, and is retried if the mail server is away.
          </Alert>
        </Flash>
      ) : null}
      {revoked ? (
        <Flash>
          <Alert tone="success" className="mb-4">
            The invitation to {revoked} is withdrawn: its link no longer works.
          </Alert>
        </Flash>
      ) : null}
      <div className="space-y-6">
        <Card title="Invitations">
          {ctx.readOnly ? (
            <p className="text-sm text-slate-800">Nobody can be invited while the organisation is read-only.</p>
          ) : (
            <>
              <p className="mb-3 text-sm text-slate-800">
                The person gets a link to join and choose their own password. It works once, for {INVITATION_DAYS} days.
              </p>
              <LinkButton href="/users/invite" variant="secondary">
                Invite by email
              </LinkButton>
            </>
          )}
          <h3 className="mt-6 mb-2 text-sm font-semibold text-slate-900">Open invitations</h3>
          <InvitationList invitations={invitations} manage={!ctx.readOnly} />
        </Card>
        <Card title="Add a user">
          {ctx.readOnly ? (
            <p className="text-sm text-slate-800">Users cannot be added while the organisation is read-only.</p>
          ) : (
            <NewUserForm />
          )}
        </Card>
        <Card title={`All users (${users.length})`}>
          <UserTable users={users} currentUserId={ctx.user.uid} manage={!ctx.readOnly} />
        </Card>
        <Card title="Your data">
          <p className="mb-3 text-sm text-slate-800">A ZIP of CSV files: polls, choices, votes and users (without passwords).</p>
          <a href="/download" download className={buttonClass('secondary')}>
            Download your data
          </a>
        </Card>
      </div>
    </>
  );
}
