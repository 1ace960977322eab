'use client';

import { useEffect, useState } from 'react';
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
export function ClosingTimeField({ initial, error }: { initial?: string | null; error?: string }) {
  // Filled after mount: the server does not know the browser's time zone.
  const [value, setValue] = useState('');
  const [initialLocal, setInitialLocal] = useState('');
  const [offset, setOffset] = useState(0);
  useEffect(() => {
    const start = initial ? toLocalInput(initial) : '';
    setValue(start);
    setInitialLocal(start);
    setOffset(new Date().getTimezoneOffset());
  }, [initial]);
  const hint = 'Optional. Voting ends at this time (your local time). Leave it empty to keep the poll open.';
  return (
    <FieldShell id="closes_at" label="Closes at" error={error} hint={hint}>
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
      <input type="hidden" name="tz_offset" value={offset} />
    </FieldShell>
  );
}
