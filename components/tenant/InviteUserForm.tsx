'use client';

import { useActionState } from 'react';
import { Button, Field, FormError, SelectField, initialFormState } from '@/components/ui';
import { inviteUserAction } from '@/lib/actions/tenant/invitations';

/** Tenant admins invite someone by email; the person chooses their own password from the link. */
export function InviteUserForm() {
  const [state, action] = useActionState(inviteUserAction, initialFormState);
  const v = state.values ?? {};
  const fe = state.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormError message={state.error} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field name="email" label="Email" type="email" defaultValue={v.email} error={fe.email} required autoComplete="off" />
        <SelectField
          key={v.role ?? 'member'}
          name="role"
          label="Role"
          defaultValue={v.role ?? 'member'}
          error={fe.role}
          options={[
            { value: 'member', label: 'Member — creates polls and votes' },
            { value: 'admin', label: 'Admin — also manages users and any poll' },
          ]}
        />
      </div>
      <Button type="submit" pendingLabel="Inviting…">
        Send invitation
      </Button>
    </form>
  );
}
