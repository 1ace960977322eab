import { tenantPageMetadata } from '@/components/tenant/page-metadata';
import { InviteUserForm } from '@/components/tenant/InviteUserForm';
import { Alert, Card, LinkButton, PageHeader } from '@/components/ui';
import { requireTenantUser } from '@/lib/features/auth/session';

export const generateMetadata = tenantPageMetadata('Invite by email');

/** Tenant admins invite someone: the email (sent by a job) links to /invite on this host. */
export default async function InvitePersonPage() {
  const ctx = await requireTenantUser({ admin: true, next: '/users/invite' });
  const back = (
    <LinkButton href="/users" variant="secondary">
      Back to users
    </LinkButton>
  );
  return (
    <>
      <PageHeader
        title="Invite by email"
        description={`The person gets a link to join ${ctx.tenant.name} and choose a password. It works once, for 7 days.`}
        actions={back}
      />
      {ctx.readOnly ? (
        <Alert tone="warning">Nobody can be invited while the organisation is read-only.</Alert>
      ) : (
        <Card>
          <InviteUserForm />
        </Card>
      )}
    </>
  );
}
