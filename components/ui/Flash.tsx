'use client';

import { useState, type ReactNode } from 'react';

/**
 * A one-time banner (e.g. "Tenant created", from `?created=1`): shown as first rendered, and gone
 * once the server renders the page again (after any action on it). A server action re-renders
 * the route with the URL it was opened with, so the flag alone would bring the banner back.
 * A new RSC payload gives new `children`; that is the signal.
 */
export function Flash({ children }: { children: ReactNode }) {
  const [first] = useState(() => children);
  return children === first ? <>{children}</> : null;
}
