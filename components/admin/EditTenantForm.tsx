'use client';

import { useActionState } from 'react';
import { Button, Field } from '@/components/ui';
import { updateTenantAction } from '@/lib/features/admin/actions/tenants';
import { initialAdminState } from '@/lib/features/admin/form-defaults';
import { ActionMessage } from './ActionMessage';
import { CheckboxField } from './CheckboxField';

export interface EditTenantFormProps {
  schema: string;
  name: string;
  paidUntil: string | null;
  onTrial: boolean;
}

/** Name, paid-until and trial flag of one tenant. */
export function EditTenantForm({ schema, name, paidUntil, onTrial }: EditTenantFormProps) {
  const [state, action] = useActionState(updateTenantAction, initialAdminState);
  const v = state.values;
  const fe = state.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-4" noValidate aria-label="Tenant settings">
      <ActionMessage state={state} />
      <input type="hidden" name="schema" value={schema} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field name="name" label="Name" defaultValue={v?.name ?? name} error={fe.name} required autoComplete="off" />
        <Field
          name="paidUntil"
          label="Paid until"
          type="date"
          defaultValue={v?.paidUntil ?? paidUntil ?? ''}
          error={fe.paidUntil}
          hint="Leave empty for no end date."
        />
      </div>
      <CheckboxField
        name="onTrial"
        label="On trial"
        defaultChecked={v ? v.onTrial === 'on' : onTrial}
        error={fe.onTrial}
        hint="A trial tenant does not become read-only when its paid-until date passes."
      />
      <Button type="submit" pendingLabel="Saving…">
        Save changes
      </Button>
    </form>
  );
}
