import { tenantPageMetadata } from '@/components/tenant/page-metadata';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { ResetPasswordForm } from '@/components/auth/ResetPasswordForm';
import { param } from '@/components/auth/safe-next';
import { Alert, Card } from '@/components/ui';
import { INVALID_RESET, isValidResetToken } from '@/lib/features/auth/password-reset';
import { hostTenant } from '@/lib/tenancy/request';
import { withTenant } from '@/lib/tenancy';

export const generateMetadata = tenantPageMetadata('Choose a new password');

type Search = Promise<Record<string, string | string[] | undefined>>;

/** The page a password reset email links to. */
export default async function ResetPasswordPage({ searchParams }: { searchParams: Search }) {
  const tenant = await hostTenant();
  if (tenant.status === 'suspended') redirect('/suspended');
  const token = param((await searchParams).token) ?? '';
  const valid = await withTenant(tenant, (db) => isValidResetToken(db, token));
  return (
    <div className="mx-auto max-w-md py-4">
      <h1 className="mb-6 text-2xl font-bold text-slate-900">Choose a new password</h1>
      {valid ? (
        <Card>
          <ResetPasswordForm token={token} />
        </Card>
      ) : (
        <Alert tone="error" title="This link does not work">
          {INVALID_RESET}{' '}
          <Link href="/forgot-password" className="underline">
            Ask for a new link
          </Link>
          .
        </Alert>
      )}
    </div>
  );
}
