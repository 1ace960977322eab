import type { ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import { Nav, SkipLink } from '@/components/ui';

/** Chrome of the root host's public pages (landing, signup, login). */
export function PublicShell({ children, narrow = false }: { children: ReactNode; narrow?: boolean }) {
  const t = useTranslations('signup.shell');
  return (
    <>
      <SkipLink />
      <Nav
        brand={{ href: '/', label: 'Quorum' }}
        links={[
          { href: '/signup', label: t('signUp') },
          { href: '/login', label: t('operatorLogIn') },
        ]}
      />
      <main id="main" className={narrow ? 'mx-auto max-w-md px-4 py-10' : 'mx-auto max-w-5xl px-4 py-10'}>
        {children}
      </main>
    </>
  );
}
