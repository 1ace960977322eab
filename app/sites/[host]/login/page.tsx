import { tenantPageMetadata } from '@/components/tenant/page-metadata';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { LoginForm } from '@/components/auth/LoginForm';
import { param, safeNext } from '@/components/auth/safe-next';
import { Alert, Card, buttonClass } from '@/components/ui';
import { currentIdentity } from '@/lib/features/auth/session';
import { ssoButtonName } from '@/lib/features/auth/sso';
import { hostTenant } from '@/lib/tenancy/request';

export async function generateMetadata() {
  return tenantPageMetadata((await getTranslations('auth.login'))('title'))();
}

type Search = Promise<Record<string, string | string[] | undefined>>;

/** Tenant host login: this organisation's users only (the host decides, not the form). */
export default async function TenantLoginPage({ searchParams }: { searchParams: Search }) {
  const tenant = await hostTenant();
  if (tenant.status === 'suspended') redirect('/suspended');
  const sp = await searchParams;
  const next = safeNext(sp.callbackUrl, '/');
  const id = await currentIdentity();
  if (id?.kind === 'tenant' && id.tenant === tenant.schema) redirect(next);
  const sso = await ssoButtonName(tenant);
  const t = await getTranslations('auth.login.tenant');
  return (
    <div className="mx-auto max-w-md py-4">
      <h1 className="mb-2 text-2xl font-bold text-slate-900">{t('heading', { name: tenant.name })}</h1>
      <p className="mb-6 text-sm text-slate-700">{t('intro')}</p>
      {param(sp.welcome) ? (
        <Alert tone="success" title={t('welcomeTitle')} className="mb-4">
          {t('welcomeBody')}
        </Alert>
      ) : null}
      {param(sp.reset) ? (
        <Alert tone="success" className="mb-4">
          {t('reset')}
        </Alert>
      ) : null}
      {param(sp.joined) ? (
        <Alert tone="success" title={t('joinedTitle', { name: tenant.name })} className="mb-4">
          {t('joinedBody')}
        </Alert>
      ) : null}
      {sso ? (
        <div className="mb-4">
          <a href="/sso/start" className={buttonClass('primary', 'w-full justify-center')} data-testid="sso-start">
            {t('sso', { name: sso })}
          </a>
          <p className="mt-2 text-center text-xs text-slate-600">{t('ssoOr')}</p>
        </div>
      ) : null}
      <Card>
        <LoginForm next={next} defaultEmail={param(sp.email) ?? ''} initialError={param(sp.error) ?? null} />
      </Card>
      <p className="mt-4 text-sm">
        <Link href="/forgot-password" className="text-indigo-700 underline">
          {t('forgot')}
        </Link>
      </p>
    </div>
  );
}
