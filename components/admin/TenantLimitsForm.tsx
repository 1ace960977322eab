'use client';

import { useActionState } from 'react';
import { Button, Field } from '@/components/ui';
import { updateTenantLimitsAction } from '@/lib/features/admin/actions/limits';
import { initialAdminState } from '@/lib/features/admin/form-defaults';
import { ActionMessage } from './ActionMessage';

export interface TenantLimitsFormProps {
  schema: string;
  statementTimeoutMs: number | null;
  maxPolls: number | null;
  maxUsers: number | null;
  /** The default statement timeout, for the hint. */
  defaultTimeoutMs: number;
}

const text = (n: number | null) => (n === null ? '' : String(n));

/** Statement timeout and quotas of one tenant; empty = the default / no quota. */
export function TenantLimitsForm({ schema, statementTimeoutMs, maxPolls, maxUsers, defaultTimeoutMs }: TenantLimitsFormProps) {
  const [state, action] = useActionState(updateTenantLimitsAction, initialAdminState);
  const v = state.values;
  const fe = state.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-4" noValidate aria-label="Tenant limits">
      <ActionMessage state={state} />
      <input type="hidden" name="schema" value={schema} />
      <div className="grid gap-4 sm:grid-cols-3">
        <Field
          name="statementTimeoutMs"
          label="Statement timeout (ms)"
          inputMode="numeric"
          defaultValue={v?.statementTimeoutMs ?? text(statementTimeoutMs)}
          error={fe.statementTimeoutMs}
          hint={`Empty: the default, ${defaultTimeoutMs.toLocaleString('en-GB')} ms. 100 to 600,000.`}
          autoComplete="off"
        />
        <Field
          name="maxPolls"
          label="Max polls"
          inputMode="numeric"
          defaultValue={v?.maxPolls ?? text(maxPolls)}
          error={fe.maxPolls}
          hint="Empty: no quota."
          autoComplete="off"
        />
        <Field
          name="maxUsers"
          label="Max users"
          inputMode="numeric"
          defaultValue={v?.maxUsers ?? text(maxUsers)}
          error={fe.maxUsers}
          hint="Empty: no quota."
          autoComplete="off"
        />
      </div>
      <Button type="submit" pendingLabel="Saving…">
        Save limits
      </Button>
    </form>
  );
}
