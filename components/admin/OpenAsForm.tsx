'use client';

import { useActionState } from 'react';
import { Button, Field } from '@/components/ui';
import { openAsAction } from '@/lib/features/admin/actions/impersonate';
import { initialAdminState } from '@/lib/features/admin/form-defaults';
import { ActionMessage } from './ActionMessage';

/** "Open as": a single-use, 15-minute link that opens the tenant's host as one of its users. */
export function OpenAsForm({ schema }: { schema: string }) {
  const [state, action] = useActionState(openAsAction, initialAdminState);
  const fe = state.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-3" noValidate>
      <ActionMessage state={state} />
      <p className="text-sm text-slate-700">
        Opens the tenant’s site as one of its users, to see what they see. The session shows a banner, lasts at most an hour, cannot change
        passwords or grant admin rights, and its start and end go to the audit log.
      </p>
      <input type="hidden" name="schema" value={schema} />
      <Field name="email" type="email" label="User’s email" autoComplete="off" defaultValue={state.values?.email} error={fe.email} />
      <Button type="submit" variant="secondary" pendingLabel="Opening…">
        Open as this user
      </Button>
    </form>
  );
}
