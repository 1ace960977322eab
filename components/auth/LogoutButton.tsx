'use client';

import { signOut } from 'next-auth/react';
import { useState } from 'react';
import { Button } from '@/components/ui';

/** Ends the session on this host and goes to this host's login page (tenant hosts and the root host alike). */
export function LogoutButton({ label = 'Log out', pendingLabel = 'Logging out…' }: { label?: string; pendingLabel?: string }) {
  const [pending, setPending] = useState(false);
  return (
    <Button
      type="button"
      variant="secondary"
      className="px-3 py-1.5"
      pending={pending}
      pendingLabel={pendingLabel}
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
      {label}
    </Button>
  );
}
