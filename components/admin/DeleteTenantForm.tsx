'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { Button, Field, FormError } from '@/components/ui';
import { deleteTenantAction } from '@/lib/features/admin/actions/tenants';
import { initialAdminState } from '@/lib/features/admin/form-defaults';

/** Deletes the tenant, its domains, its schema and all its data, after the schema name is typed. */
export function DeleteTenantForm({ schema }: { schema: string }) {
  const [state, action] = useActionState(deleteTenantAction, initialAdminState);
  const t = useTranslations('admin.delete');
  const fe = state.fieldErrors ?? {};
  // The sentence is already shown inline under the field; repeat only other errors on top.
  const formError = state.error && state.error !== fe.confirm ? state.error : undefined;
  return (
    <form action={action} className="space-y-3" noValidate aria-describedby="delete-warning">
      <FormError message={formError} />
      <p id="delete-warning" className="text-sm text-red-900">
        {t.rich('warning', { schema: () => <span className="font-mono font-semibold">{schema}</span> })}
      </p>
      <input type="hidden" name="schema" value={schema} />
      <Field
        name="confirm"
        label={t.rich('confirm', { schema: () => <span className="font-mono">{schema}</span> })}
        defaultValue={state.values?.confirm}
        error={fe.confirm}
        autoComplete="off"
        spellCheck={false}
        className="font-mono sm:max-w-sm"
      />
      <Button type="submit" variant="danger" pendingLabel={t('pending')}>
        {t('submit')}
      </Button>
    </form>
  );
}
