'use client';

import { useTranslations } from 'next-intl';
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
  const t = useTranslations('admin');
  const v = state.values;
  const fe = state.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-4" noValidate aria-label={t('edit.label')}>
      <ActionMessage state={state} />
      <input type="hidden" name="schema" value={schema} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field name="name" label={t('forms.name')} defaultValue={v?.name ?? name} error={fe.name} required autoComplete="off" />
        <Field
          name="paidUntil"
          label={t('edit.paidUntil')}
          type="date"
          defaultValue={v?.paidUntil ?? paidUntil ?? ''}
          error={fe.paidUntil}
          hint={t('forms.noEndDate')}
        />
      </div>
      <CheckboxField
        name="onTrial"
        label={t('forms.onTrial')}
        defaultChecked={v ? v.onTrial === 'on' : onTrial}
        error={fe.onTrial}
        hint={t('forms.onTrialHint')}
      />
      <Button type="submit" pendingLabel={t('forms.saving')}>
        {t('edit.submit')}
      </Button>
    </form>
  );
}
