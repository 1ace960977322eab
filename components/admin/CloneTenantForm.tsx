'use client';

import { useActionState } from 'react';
import { Button, Field, FormError } from '@/components/ui';
import { cloneTenantAction } from '@/lib/features/admin/actions/lifecycle';
import { initialAdminState } from '@/lib/features/admin/form-defaults';
import { CheckboxField } from './CheckboxField';

/** A new tenant from this one: structure only (a template), or a full copy with its data. */
export function CloneTenantForm({ from, rootHost }: { from: string; rootHost: string }) {
  const [state, action] = useActionState(cloneTenantAction, initialAdminState);
  const v = state.values;
  const fe = state.fieldErrors ?? {};
  const formError = state.error && state.error !== fe.schema && state.error !== fe.domain ? state.error : undefined;
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormError message={formError} />
      <input type="hidden" name="from" value={from} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          name="schema"
          id="field-clone-schema"
          label="New schema name"
          defaultValue={v?.schema}
          error={fe.schema}
          required
          maxLength={63}
          autoComplete="off"
          spellCheck={false}
          className="font-mono"
        />
        <Field
          name="domain"
          id="field-clone-domain"
          label="Primary domain of the copy"
          defaultValue={v?.domain}
          error={fe.domain}
          required
          autoComplete="off"
          spellCheck={false}
          hint={`For example ${from.replace(/_/g, '-')}-copy.${rootHost}`}
        />
      </div>
      <CheckboxField
        name="data"
        id="field-clone-data"
        label="Copy the data too"
        defaultChecked={v?.data === 'on'}
        hint="Users, polls, choices and votes with their ids. Without it the copy is an empty tenant with the same structure."
      />
      <Button type="submit" variant="secondary" pendingLabel="Cloning…">
        Clone tenant
      </Button>
    </form>
  );
}
