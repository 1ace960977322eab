'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { Button, SelectField } from '@/components/ui';
import { moveTenantAction } from '@/lib/features/admin/actions/placement';
import { initialAdminState } from '@/lib/features/admin/form-defaults';
import { ActionMessage } from './ActionMessage';
import { CheckboxField } from './CheckboxField';

/** "Move to…": another Citus worker and a confirmation; the move is online (reads and writes go on). */
export function MoveTenantForm({ schema, node, workers }: { schema: string; node: string; workers: string[] }) {
  const [state, action] = useActionState(moveTenantAction, initialAdminState);
  const t = useTranslations('admin.move');
  const fe = state.fieldErrors ?? {};
  const targets = workers.filter((w) => w !== node);
  if (targets.length === 0) return <p className="text-sm text-slate-700">{t('noOther')}</p>;
  return (
    <form action={action} className="space-y-3" noValidate>
      <ActionMessage state={state} />
      <input type="hidden" name="schema" value={schema} />
      <SelectField
        name="node"
        label={t('to')}
        options={targets.map((w) => ({ value: w, label: w }))}
        defaultValue={state.values?.node}
        error={fe.node}
      />
      <CheckboxField
        name="confirm"
        label={t.rich('confirm', { schema: () => <span className="font-mono">{schema}</span> })}
        hint={t('hint')}
        error={fe.confirm}
      />
      <Button type="submit" variant="secondary" pendingLabel={t('pending')}>
        {t('submit')}
      </Button>
    </form>
  );
}
