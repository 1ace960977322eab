import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { LoginForm } from '@/components/auth/LoginForm';
import { PublicShell } from '@/components/auth/PublicShell';
import { param, safeNext } from '@/components/auth/safe-next';
import { Card } from '@/components/ui';
import { currentIdentity } from '@/lib/features/auth/session';
import { rootDomain } from '@/lib/tenancy/routing';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('auth.login'))('title') };
}

type Search = Promise<Record<string, string | string[] | undefined>>;

/** Root host login: superusers (the operators). Tenant users log in on their organisation's host. */
export default async function RootLoginPage({ searchParams }: { searchParams: Search }) {
  const sp = await searchParams;
  const next = safeNext(sp.callbackUrl, '/admin');
  const id = await currentIdentity();
  if (id?.kind === 'superuser') redirect(next);
  const t = await getTranslations('auth.login.root');
  return (
    <PublicShell narrow>
      <h1 className="mb-2 text-2xl font-bold text-slate-900">{t('heading')}</h1>
      <p className="mb-6 text-sm text-slate-700">
        {t.rich('intro', {
          domain: rootDomain(),
          link: (chunks) => (
            <a href="/find-organisation" className="font-semibold text-indigo-800 underline underline-offset-4">
              {chunks}
            </a>
          ),
        })}
      </p>
      <Card>
        <LoginForm next={next} defaultEmail={param(sp.email) ?? ''} initialError={param(sp.error) ?? null} />
      </Card>
      <p className="mt-6 text-center text-sm text-slate-700">
        {t.rich('newHere', {
          link: (chunks) => (
            <a href="/signup" className="font-semibold text-indigo-800 underline underline-offset-4">
              {chunks}
            </a>
          ),
        })}
      </p>
    </PublicShell>
  );
}
