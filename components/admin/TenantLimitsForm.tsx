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
  /** Fair share (issue 21): transactions at a time per server process, requests/s (0 = no limit). */
  maxConcurrency: number | null;
  rateLimit: number | null;
  rateLimitPerAddress: number | null;
  /** The default statement timeout, for the hint. */
  defaultTimeoutMs: number;
}

const text = (n: number | null) => (n === null ? '' : String(n));

/** Statement timeout and quotas of one tenant; empty = the default / no quota. */
export function TenantLimitsForm({
  schema,
  statementTimeoutMs,
  maxPolls,
  maxUsers,
  maxConcurrency,
  rateLimit,
  rateLimitPerAddress,
  defaultTimeoutMs,
}: TenantLimitsFormProps) {
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
      <div className="grid gap-4 sm:grid-cols-3">
        <Field
          name="maxConcurrency"
          label="Concurrent transactions"
          inputMode="numeric"
          defaultValue={v?.maxConcurrency ?? text(maxConcurrency)}
          error={fe.maxConcurrency}
          hint="Per server process. Empty: the default (a quarter of the pool). 1 to 1,000."
          autoComplete="off"
        />
        <Field
          name="rateLimit"
          label="Requests per second"
          inputMode="numeric"
          defaultValue={v?.rateLimit ?? text(rateLimit)}
          error={fe.rateLimit}
          hint="For the whole organisation. Empty: the default; 0: no limit."
          autoComplete="off"
        />
        <Field
          name="rateLimitPerAddress"
          label="Requests per second per address"
          inputMode="numeric"
          defaultValue={v?.rateLimitPerAddress ?? text(rateLimitPerAddress)}
          error={fe.rateLimitPerAddress}
          hint="Per client address. Empty: the default; 0: no limit."
          autoComplete="off"
        />
      </div>
      <Button type="submit" pendingLabel="Saving…">
        Save limits
      </Button>
    </form>
  );
}
