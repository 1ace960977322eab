'use client';

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
  const v = state.values;
  const fe = state.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-6" noValidate aria-describedby={state.error ? 'create-error' : undefined}>
      <div id="create-error">
        <FormError message={bannerError(state)} />
      </div>
      <Card title="Tenant">
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            name="schema"
            label="Schema name"
            defaultValue={v?.schema}
            error={fe.schema}
            required
            autoComplete="off"
            spellCheck={false}
            className="font-mono"
            hint="Lowercase letters, digits and underscores; starts with a letter. Cannot be changed later."
          />
          <Field
            name="name"
            label="Name"
            defaultValue={v?.name}
            error={fe.name}
            required
            autoComplete="off"
            hint="Shown to the tenant’s users."
          />
          <Field
            name="domain"
            label="Primary domain"
            defaultValue={v?.domain}
            error={fe.domain}
            required
            autoComplete="off"
            spellCheck={false}
            hint={`A subdomain such as acme.${rootHost}, or a custom domain. No port.`}
          />
          <Field
            name="paidUntil"
            label="Paid until (optional)"
            type="date"
            defaultValue={v ? v.paidUntil : defaultPaidUntil}
            error={fe.paidUntil}
            hint="Leave empty for no end date."
          />
          <div className="sm:col-span-2">
            <CheckboxField
              name="onTrial"
              label="On trial"
              defaultChecked={v ? v.onTrial === 'on' : true}
              error={fe.onTrial}
              hint="A trial tenant does not become read-only when its paid-until date passes."
            />
          </div>
        </div>
      </Card>
      <Card title="First admin (optional)">
        <p className="mb-4 text-sm text-slate-700">
          Creates the tenant’s first admin account so someone can log in on the new domain straight away. Leave both fields empty to skip.
        </p>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field name="adminEmail" label="Admin email" type="email" defaultValue={v?.adminEmail} error={fe.adminEmail} autoComplete="off" />
          <Field
            name="adminPassword"
            label="Admin password"
            type="password"
            error={fe.adminPassword}
            autoComplete="new-password"
            hint="At least 8 characters. Share it privately."
          />
        </div>
      </Card>
      <Button type="submit" pendingLabel="Creating tenant…">
        Create tenant
      </Button>
    </form>
  );
}
