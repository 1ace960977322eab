'use client';

import { useState, useSyncExternalStore } from 'react';
import { useTranslations } from 'next-intl';
import { FieldShell, Input, describedBy } from '@/components/ui';

/** An ISO timestamp as a `datetime-local` value in this browser's time zone. */
function toLocalInput(iso: string): string {
  const d = new Date(iso);
  const local = new Date(d.getTime() - d.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

/**
 * The poll's closing time, entered in the browser's time zone: `tz_offset` tells the server
 * which zone that was, `closes_at_initial` lets an edit that leaves the time alone say "no change".
 */
const noSubscription = () => () => {};
const browserOffset = () => new Date().getTimezoneOffset();
const serverOffset = () => null;

export function ClosingTimeField({ initial, error }: { initial?: string | null; error?: string }) {
  const t = useTranslations('polls.form');
  // null while rendering on the server (it does not know the browser's time zone); the field is
  // filled in once hydrated.
  const offset = useSyncExternalStore(noSubscription, browserOffset, serverOffset);
  const initialLocal = offset !== null && initial ? toLocalInput(initial) : '';
  const [value, setValue] = useState(initialLocal);
  // Re-seed the field when its starting value changes (hydration, another poll): React's
  // "adjust state while rendering" pattern rather than an effect.
  const [seeded, setSeeded] = useState(initialLocal);
  if (seeded !== initialLocal) {
    setSeeded(initialLocal);
    setValue(initialLocal);
  }
  const hint = t('closesAtHint');
  return (
    <FieldShell id="closes_at" label={t('closesAt')} error={error} hint={hint}>
      <Input
        id="closes_at"
        name="closes_at"
        type="datetime-local"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        invalid={!!error}
        aria-describedby={describedBy('closes_at', error, hint)}
      />
      <input type="hidden" name="closes_at_initial" value={initialLocal} />
      <input type="hidden" name="tz_offset" value={offset ?? 0} />
    </FieldShell>
  );
}
