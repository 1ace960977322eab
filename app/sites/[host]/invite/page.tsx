import { tenantPageMetadata } from '@/components/tenant/page-metadata';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { AcceptInvitationForm } from '@/components/auth/AcceptInvitationForm';
import { param } from '@/components/auth/safe-next';
import { Alert, Card } from '@/components/ui';
import { hostTenant } from '@/lib/tenancy/request';
import { withTenant } from '@/lib/tenancy';
import { INVALID_INVITATION, findInvitation } from '@/lib/features/users/invitations';

export const generateMetadata = tenantPageMetadata('Join');

type Search = Promise<Record<string, string | string[] | undefined>>;

/** The page an invitation email links to (on the inviting tenant's host). */
export default async function InvitePage({ searchParams }: { searchParams: Search }) {
  const tenant = await hostTenant();
  if (tenant.status === 'suspended') redirect('/suspended');
  const token = param((await searchParams).token) ?? '';
  const inv = await withTenant(tenant, (db) => findInvitation(db, token));
  return (
    <div className="mx-auto max-w-md py-4">
      <h1 className="mb-2 text-2xl font-bold text-slate-900">Join {tenant.name}</h1>
      {inv ? (
        <>
          <p className="mb-6 text-sm text-slate-700">
            You were invited as {inv.role === 'admin' ? 'an admin' : 'a member'}. Choose a password to finish.
          </p>
          <Card>
            <AcceptInvitationForm token={token} email={inv.email} />
          </Card>
        </>
      ) : (
        <Alert tone="error" title="This link does not work">
          {INVALID_INVITATION} Ask an admin of {tenant.name} to invite you again, or <Link href="/login">log in</Link> if you joined
          already.
        </Alert>
      )}
    </div>
  );
}
