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

type LimitName = Exclude<keyof TenantLimitsFormProps, 'schema' | 'defaultTimeoutMs'>;

/** The form's fields, in rows of three: name, label, hint. */
function limitRows(defaultTimeoutMs: number): [LimitName, string, string][][] {
  return [
    [
      [
        'statementTimeoutMs',
        'Statement timeout (ms)',
        `Empty: the default, ${defaultTimeoutMs.toLocaleString('en-GB')} ms. 100 to 600,000.`,
      ],
      ['maxPolls', 'Max polls', 'Empty: no quota.'],
      ['maxUsers', 'Max users', 'Empty: no quota.'],
    ],
    [
      ['maxConcurrency', 'Concurrent transactions', 'Per server process. Empty: the default (a quarter of the pool). 1 to 1,000.'],
      ['rateLimit', 'Requests per second', 'For the whole organisation. Empty: the default; 0: no limit.'],
      ['rateLimitPerAddress', 'Requests per second per address', 'Per client address. Empty: the default; 0: no limit.'],
    ],
  ];
}

/** Statement timeout, quotas and fair share of one tenant; empty = the default / no quota. */
export function TenantLimitsForm(props: TenantLimitsFormProps) {
  const [state, action] = useActionState(updateTenantLimitsAction, initialAdminState);
  const v = state.values;
  const fe = state.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-4" noValidate aria-label="Tenant limits">
      <ActionMessage state={state} />
      <input type="hidden" name="schema" value={props.schema} />
      {limitRows(props.defaultTimeoutMs).map((row) => (
        <div key={row[0][0]} className="grid gap-4 sm:grid-cols-3">
          {row.map(([name, label, hint]) => (
            <Field
              key={name}
              name={name}
              label={label}
              inputMode="numeric"
              defaultValue={v?.[name] ?? text(props[name])}
              error={fe[name]}
              hint={hint}
              autoComplete="off"
            />
          ))}
        </div>
      ))}
      <Button type="submit" pendingLabel="Saving…">
        Save limits
      </Button>
    </form>
  );
}
