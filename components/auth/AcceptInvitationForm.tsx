'use client';

import { useActionState } from 'react';
import { Button, Field, FormError, initialFormState } from '@/components/ui';
import { acceptInvitationAction } from '@/lib/features/users/actions/invitations';

export function AcceptInvitationForm({ token, email }: { token: string; email: string }) {
  const [state, action] = useActionState(acceptInvitationAction, initialFormState);
  const fe = state.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormError message={state.error} />
      <input type="hidden" name="token" value={token} />
      <Field name="email" label="Email" type="email" value={email} readOnly autoComplete="username" />
      <Field name="name" label="Your name (optional)" defaultValue={state.values?.name} error={fe.name} maxLength={200} />
      <Field
        name="password"
        label="Choose a password"
        type="password"
        autoComplete="new-password"
        error={fe.password}
        required
        minLength={8}
        hint="At least 8 characters."
      />
      <Button type="submit" pendingLabel="Joining…" className="w-full">
        Join
      </Button>
    </form>
  );
}
