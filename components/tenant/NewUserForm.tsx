'use client';

import { useActionState } from 'react';
import { RoleField } from './RoleField';
import { Button, Field, FormError, initialFormState, bannerError } from '@/components/ui';
import { createUserAction } from '@/lib/features/users/actions/users';

/** Tenant admins add a member or admin. */
export function NewUserForm() {
  const [state, action] = useActionState(createUserAction, initialFormState);
  const v = state.values ?? {};
  const fe = state.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormError message={bannerError(state)} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          name="email"
          label="Email"
          type="email"
          defaultValue={v.email}
          error={fe.email}
          required
          maxLength={254}
          autoComplete="off"
        />
        <Field name="name" label="Name (optional)" defaultValue={v.name} error={fe.name} maxLength={200} autoComplete="off" />
        <Field
          name="password"
          label="Initial password"
          type="password"
          error={fe.password}
          required
          minLength={8}
          maxLength={200}
          autoComplete="new-password"
          hint="At least 8 characters. Share it with the person privately."
        />
        <RoleField value={v.role} error={fe.role} />
      </div>
      <Button type="submit" pendingLabel="Adding user…">
        Add user
      </Button>
    </form>
  );
}
