'use client';

import { useEffect, useRef, useState } from 'react';

/**
 * An inline confirmation step (keyboard friendly, no window.confirm): `confirming` shows the
 * confirm button, which takes the focus; cancelling gives the focus back to the opener.
 */
export function useConfirmStep() {
  const [confirming, setConfirming] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
    else if (wasConfirming.current) openerRef.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  return { confirming, setConfirming, confirmRef, openerRef };
}
