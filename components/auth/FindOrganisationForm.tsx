'use client';

import { useActionState } from 'react';
import { Alert, Button, Field, FormError, bannerError, initialFormState } from '@/components/ui';
import { findOrganisationAction } from '@/lib/features/auth/actions/find-organisation';

export function FindOrganisationForm() {
  const [state, action] = useActionState(findOrganisationAction, initialFormState);
  const v = state.values ?? {};
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormError message={bannerError(state)} />
      {state.message ? (
        <div data-testid="find-organisation-sent">
          <Alert tone="success">{state.message}</Alert>
        </div>
      ) : null}
      <Field
        name="email"
        label="Your email"
        type="email"
        autoComplete="email"
        defaultValue={v.email}
        error={state.fieldErrors?.email}
        required
        maxLength={254}
      />
      <Button type="submit" pendingLabel="Sending…" className="w-full">
        Email me my organisations
      </Button>
    </form>
  );
}
