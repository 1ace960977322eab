'use client';

import { useFormatter, useTranslations } from 'next-intl';
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
function limitRows(t: ReturnType<typeof useTranslations<'admin.limits'>>, defaultTimeout: string): [LimitName, string, string][][] {
  return [
    [
      ['statementTimeoutMs', t('statementTimeout'), t('statementTimeoutHint', { ms: defaultTimeout })],
      ['maxPolls', t('maxPolls'), t('noQuota')],
      ['maxUsers', t('maxUsers'), t('noQuota')],
    ],
    [
      ['maxConcurrency', t('maxConcurrency'), t('maxConcurrencyHint')],
      ['rateLimit', t('rateLimit'), t('rateLimitHint')],
      ['rateLimitPerAddress', t('rateLimitPerAddress'), t('rateLimitPerAddressHint')],
    ],
  ];
}

/** Statement timeout, quotas and fair share of one tenant; empty = the default / no quota. */
export function TenantLimitsForm(props: TenantLimitsFormProps) {
  const [state, action] = useActionState(updateTenantLimitsAction, initialAdminState);
  const t = useTranslations('admin.limits');
  const tf = useTranslations('admin.forms');
  const format = useFormatter();
  const v = state.values;
  const fe = state.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-4" noValidate aria-label={t('label')}>
      <ActionMessage state={state} />
      <input type="hidden" name="schema" value={props.schema} />
      {limitRows(t, format.number(props.defaultTimeoutMs)).map((row) => (
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
      <Button type="submit" pendingLabel={tf('saving')}>
        {t('submit')}
      </Button>
    </form>
  );
}
