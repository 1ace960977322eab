import { tenantPageMetadata } from '@/components/tenant/page-metadata';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { ForgotPasswordForm } from '@/components/auth/ForgotPasswordForm';
import { Card } from '@/components/ui';
import { hostTenant } from '@/lib/tenancy/request';

export const generateMetadata = tenantPageMetadata('Forgot password');

export default async function ForgotPasswordPage() {
  const tenant = await hostTenant();
  if (tenant.status === 'suspended') redirect('/suspended');
  return (
    <div className="mx-auto max-w-md py-4">
      <h1 className="mb-2 text-2xl font-bold text-slate-900">Forgot your password?</h1>
      <p className="mb-6 text-sm text-slate-700">
        Enter the email of your {tenant.name} account and we will send you a link to choose a new one.
      </p>
      <Card>
        <ForgotPasswordForm />
      </Card>
      <p className="mt-4 text-sm">
        <Link href="/login" className="text-indigo-700 underline">
          Back to log in
        </Link>
      </p>
    </div>
  );
}
