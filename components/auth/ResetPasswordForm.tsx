'use client';

import { useActionState } from 'react';
import { Button, Field, FormError, initialFormState } from '@/components/ui';
import { resetPasswordAction } from '@/lib/features/auth/actions/password-reset';

export function ResetPasswordForm({ token }: { token: string }) {
  const [state, action] = useActionState(resetPasswordAction, initialFormState);
  const fe = state.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormError message={state.error} />
      <input type="hidden" name="token" value={token} />
      <Field
        name="password"
        label="New password"
        type="password"
        autoComplete="new-password"
        error={fe.password}
        required
        minLength={8}
        maxLength={200}
        hint="At least 8 characters."
      />
      <Field
        name="confirm"
        label="New password again"
        type="password"
        autoComplete="new-password"
        error={fe.confirm}
        required
        maxLength={200}
      />
      <Button type="submit" pendingLabel="Saving…" className="w-full">
        Set the new password
      </Button>
    </form>
  );
}
