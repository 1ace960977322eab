import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { getTranslations } from 'next-intl/server';
import { AdminNav } from '@/components/admin/AdminNav';
import { SkipLink } from '@/components/ui';
import { currentIdentity } from '@/lib/features/auth/session';
import { requestHost } from '@/lib/tenancy/request';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('admin.layout');
  return { title: { default: t('title'), template: t('template') }, robots: { index: false, follow: false } };
}

/**
 * Superuser area chrome (root host only). The gate is requireSuperuser() in every page and
 * every action: the layout cannot know the page's path, so it leaves the login redirect (with
 * the right callbackUrl) to the page and only shows the chrome to a superuser.
 */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  if ((await requestHost())?.kind !== 'root') notFound();
  const id = await currentIdentity();
  const su = id?.kind === 'superuser' ? id : null;
  return (
    <>
      <SkipLink />
      {su ? <AdminNav email={su.email} /> : null}
      <main id="main" className="mx-auto max-w-5xl px-4 py-8">
        {/* Without a superuser session the page's own requireSuperuser() redirects; nothing of it renders. */}
        {children}
      </main>
    </>
  );
}
