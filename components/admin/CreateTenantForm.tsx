'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { Button, Card, Field, FormError, bannerError } from '@/components/ui';
import { createTenantAction } from '@/lib/features/admin/actions/tenants';
import { initialAdminState } from '@/lib/features/admin/form-defaults';
import { CheckboxField } from './CheckboxField';

export interface CreateTenantFormProps {
  /** The root domain without port: the suggested domain is `<schema>.<this>`. */
  rootHost: string;
  /** Suggested paid-until for a trial (YYYY-MM-DD). */
  defaultPaidUntil: string;
}

/** Creates a tenant (row, primary domain, schema, tables, optional first admin) in one transaction. */
export function CreateTenantForm({ rootHost, defaultPaidUntil }: CreateTenantFormProps) {
  const [state, action] = useActionState(createTenantAction, initialAdminState);
  const t = useTranslations('admin');
  const v = state.values;
  const fe = state.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-6" noValidate aria-describedby={state.error ? 'create-error' : undefined}>
      <div id="create-error">
        <FormError message={bannerError(state)} />
      </div>
      <Card title={t('create.tenant')}>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            name="schema"
            label={t('forms.schemaName')}
            defaultValue={v?.schema}
            error={fe.schema}
            required
            autoComplete="off"
            spellCheck={false}
            className="font-mono"
            hint={t('create.schemaHint')}
          />
          <Field
            name="name"
            label={t('forms.name')}
            defaultValue={v?.name}
            error={fe.name}
            required
            autoComplete="off"
            hint={t('create.nameHint')}
          />
          <Field
            name="domain"
            label={t('create.domain')}
            defaultValue={v?.domain}
            error={fe.domain}
            required
            autoComplete="off"
            spellCheck={false}
            hint={t('create.domainHint', { root: rootHost })}
          />
          <Field
            name="paidUntil"
            label={t('create.paidUntil')}
            type="date"
            defaultValue={v ? v.paidUntil : defaultPaidUntil}
            error={fe.paidUntil}
            hint={t('forms.noEndDate')}
          />
          <div className="sm:col-span-2">
            <CheckboxField
              name="onTrial"
              label={t('forms.onTrial')}
              defaultChecked={v ? v.onTrial === 'on' : true}
              error={fe.onTrial}
              hint={t('forms.onTrialHint')}
            />
          </div>
        </div>
      </Card>
      <Card title={t('create.firstAdmin')}>
        <p className="mb-4 text-sm text-slate-700">{t('create.firstAdminBody')}</p>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            name="adminEmail"
            label={t('create.adminEmail')}
            type="email"
            defaultValue={v?.adminEmail}
            error={fe.adminEmail}
            autoComplete="off"
          />
          <Field
            name="adminPassword"
            label={t('create.adminPassword')}
            type="password"
            error={fe.adminPassword}
            autoComplete="new-password"
            hint={t('create.adminPasswordHint')}
          />
        </div>
      </Card>
      <Button type="submit" pendingLabel={t('create.pending')}>
        {t('create.submit')}
      </Button>
    </form>
  );
}
