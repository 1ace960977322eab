'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { Button, Field, FormError } from '@/components/ui';
import { cloneTenantAction } from '@/lib/features/admin/actions/lifecycle';
import { initialAdminState } from '@/lib/features/admin/form-defaults';
import { CheckboxField } from './CheckboxField';

/** A new tenant from this one: structure only (a template), or a full copy with its data. */
export function CloneTenantForm({ from, rootHost }: { from: string; rootHost: string }) {
  const [state, action] = useActionState(cloneTenantAction, initialAdminState);
  const t = useTranslations('admin');
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
          label={t('forms.newSchema')}
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
          label={t('clone.domain')}
          defaultValue={v?.domain}
          error={fe.domain}
          required
          autoComplete="off"
          spellCheck={false}
          hint={t('forms.forExample', { example: `${from.replace(/_/g, '-')}-copy.${rootHost}` })}
        />
      </div>
      <CheckboxField
        name="data"
        id="field-clone-data"
        label={t('clone.data')}
        defaultChecked={v?.data === 'on'}
        hint={t('clone.dataHint')}
      />
      <Button type="submit" variant="secondary" pendingLabel={t('clone.pending')}>
        {t('clone.submit')}
      </Button>
    </form>
  );
}
