'use client';

import { useActionState } from 'react';
import { Alert, Button, Field, FormError, SelectField, bannerError } from '@/components/ui';
import { createPersonalTokenAction, revokePersonalTokenAction } from '@/lib/features/auth/actions/personal-tokens';

const EXPIRY_OPTIONS = [
  { value: '7', label: 'in 7 days' },
  { value: '30', label: 'in 30 days' },
  { value: '90', label: 'in 90 days' },
  { value: '365', label: 'in a year' },
  { value: 'never', label: 'never' },
];

/** Issue 23, part 2: make a personal API token (shown once). */
export function NewPersonalTokenForm() {
  const [state, action] = useActionState(createPersonalTokenAction, {});
  const fe = state.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-4" aria-label="New API token">
      <FormError message={bannerError(state)} />
      {state.ok && state.token ? (
        <Alert tone="success" title={state.message}>
          <code data-testid="new-token" className="break-all">
            {state.token}
          </code>
        </Alert>
      ) : null}
      <Field name="name" label="Name" defaultValue={state.ok ? '' : (state.values?.name ?? '')} error={fe.name} maxLength={100} required />
      <SelectField
        name="expiresInDays"
        label="Expires"
        defaultValue={state.values?.expiresInDays ?? '90'}
        error={fe.expiresInDays}
        options={EXPIRY_OPTIONS}
      />
      <Button type="submit" pendingLabel="Creating…">
        Create token
      </Button>
    </form>
  );
}

/** One token's Revoke button (takes effect at once). */
export function RevokeTokenButton({ id, name }: { id: number; name: string }) {
  const [state, action] = useActionState(revokePersonalTokenAction, {});
  return (
    <form action={action} aria-label={`Revoke ${name}`}>
      <input type="hidden" name="id" value={id} />
      <FormError message={bannerError(state)} />
      <Button type="submit" variant="danger" pendingLabel="Revoking…">
        Revoke
      </Button>
    </form>
  );
}
