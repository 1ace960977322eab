'use client';

import { signOut } from 'next-auth/react';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { Button } from '@/components/ui';

/** Ends the session on this host and goes to this host's login page (tenant hosts and the root host alike). */
export function LogoutButton({ label, pendingLabel }: { label?: string; pendingLabel?: string }) {
  const t = useTranslations('auth.logout');
  const [pending, setPending] = useState(false);
  return (
    <Button
      type="button"
      variant="secondary"
      className="px-3 py-1.5"
      pending={pending}
      pendingLabel={pendingLabel ?? t('pending')}
      onClick={async () => {
        setPending(true);
        try {
          await signOut({ redirect: false });
        } finally {
          // A full page load on purpose: nothing rendered for the old session survives the logout.
          // eslint-disable-next-line @next/next/no-location-assign-relative-destination
          window.location.assign('/login');
        }
      }}
    >
      {label ?? t('label')}
    </Button>
  );
}
