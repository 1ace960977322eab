import { tenantPageMetadata } from '@/components/tenant/page-metadata';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { ResetPasswordForm } from '@/components/auth/ResetPasswordForm';
import { param } from '@/components/auth/safe-next';
import { Alert, Card } from '@/components/ui';
import { isValidResetToken } from '@/lib/features/auth/password-reset';
import { hostTenant } from '@/lib/tenancy/request';
import { withTenant } from '@/lib/tenancy';

export async function generateMetadata() {
  return tenantPageMetadata((await getTranslations('auth.reset'))('title'))();
}

type Search = Promise<Record<string, string | string[] | undefined>>;

/** The page a password reset email links to. */
export default async function ResetPasswordPage({ searchParams }: { searchParams: Search }) {
  const tenant = await hostTenant();
  if (tenant.status === 'suspended') redirect('/suspended');
  const token = param((await searchParams).token) ?? '';
  const valid = await withTenant(tenant, (db) => isValidResetToken(db, token));
  const t = await getTranslations('auth.reset');
  return (
    <div className="mx-auto max-w-md py-4">
      <h1 className="mb-6 text-2xl font-bold text-slate-900">{t('heading')}</h1>
      {valid ? (
        <Card>
          <ResetPasswordForm token={token} />
        </Card>
      ) : (
        <Alert tone="error" title={t('invalidTitle')}>
          {t.rich('invalid', {
            link: (chunks) => (
              <Link href="/forgot-password" className="underline">
                {chunks}
              </Link>
            ),
          })}
        </Alert>
      )}
    </div>
  );
}
