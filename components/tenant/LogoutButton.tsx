'use client';

import { signOut } from 'next-auth/react';
import { useState } from 'react';
import { Button } from '@/components/ui';

/** Ends the session on this host and goes to this host's login page. */
export function LogoutButton() {
  const [pending, setPending] = useState(false);
  return (
    <Button
      type="button"
      variant="secondary"
      className="px-3 py-1.5"
      pending={pending}
      pendingLabel="Logging out…"
      onClick={async () => {
        setPending(true);
        try {
          await signOut({ redirect: false });
        } finally {
          window.location.assign('/login');
        }
      }}
    >
      Log out
    </Button>
  );
}
