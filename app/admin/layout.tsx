import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { AdminNav } from '@/components/admin/AdminNav';
import { SkipLink } from '@/components/ui';
import { requireSuperuser } from '@/lib/auth/session';

export const metadata: Metadata = {
  title: { default: 'Admin · Quorum', template: '%s · Admin · Quorum' },
  robots: { index: false, follow: false },
};

/** Superuser area (root host only). Each page and action checks the session again itself. */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const su = await requireSuperuser('/admin');
  return (
    <>
      <SkipLink />
      <AdminNav email={su.email} />
      <main id="main" className="mx-auto max-w-5xl px-4 py-8">
        {children}
      </main>
    </>
  );
}
