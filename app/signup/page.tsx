import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { PublicShell } from '@/components/auth/PublicShell';
import { SignupForm } from '@/components/auth/SignupForm';
import { Card } from '@/components/ui';
import { rootDomain } from '@/lib/tenancy/routing';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('signup.page'))('title') };
}
// ROOT_DOMAIN is read at request time, not baked in at build time.
export const dynamic = 'force-dynamic';

export default async function SignupPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const wanted = (await searchParams).subdomain;
  const t = await getTranslations('signup.page');
  return (
    <PublicShell narrow>
      <h1 className="mb-2 text-2xl font-bold text-slate-900">{t('heading')}</h1>
      <p className="mb-6 text-sm text-slate-700">{t('intro')}</p>
      <Card>
        <SignupForm rootHost={rootDomain()} subdomain={typeof wanted === 'string' ? wanted : ''} />
      </Card>
    </PublicShell>
  );
}
