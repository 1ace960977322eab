'use client';

import { useEffect } from 'react';

/**
 * Removes one-time flags such as `?created=1` from the address bar once their banner has shown:
 * a copied or shared address then carries no banner meant for someone else, and a later
 * server action (which re-renders the route at the router's URL) no longer shows it.
 * Next's router follows window.history.replaceState.
 */
export function ForgetQueryFlags({ names }: { names: string[] }) {
  const key = names.join(',');
  useEffect(() => {
    const url = new URL(window.location.href);
    let changed = false;
    for (const n of key.split(',')) {
      if (url.searchParams.has(n)) {
        url.searchParams.delete(n);
        changed = true;
      }
    }
    if (changed) window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
  }, [key]);
  return null;
}
