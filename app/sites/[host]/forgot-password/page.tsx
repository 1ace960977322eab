import { tenantPageMetadata } from '@/components/tenant/page-metadata';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { ForgotPasswordForm } from '@/components/auth/ForgotPasswordForm';
import { Card } from '@/components/ui';
import { hostTenant } from '@/lib/tenancy/request';

export async function generateMetadata() {
  return tenantPageMetadata((await getTranslations('auth.forgot'))('title'))();
}

export default async function ForgotPasswordPage() {
  const tenant = await hostTenant();
  if (tenant.status === 'suspended') redirect('/suspended');
  const t = await getTranslations('auth.forgot');
  return (
    <div className="mx-auto max-w-md py-4">
      <h1 className="mb-2 text-2xl font-bold text-slate-900">{t('heading')}</h1>
      <p className="mb-6 text-sm text-slate-700">{t('intro', { name: tenant.name })}</p>
      <Card>
        <ForgotPasswordForm />
      </Card>
      <p className="mt-4 text-sm">
        <Link href="/login" className="text-indigo-700 underline">
          {t('back')}
        </Link>
      </p>
    </div>
  );
}
