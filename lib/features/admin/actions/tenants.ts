'use server';

import { getTranslations } from 'next-intl/server';
import { redirect } from 'next/navigation';
import type { AdminActionState } from '@/lib/features/admin/form-defaults';
import { createTenantInput, deleteTenantInput, tenantStatusInput, updateTenantInput } from '@/lib/features/admin/inputs';
import { tenantAdminHref } from '@/lib/platform/links';
import { requireSuperuser } from '@/lib/features/auth/session';
import { checkedValue, invalidInput, textValue } from '@/lib/web/form-state';
import { deleteTenant, getTenantBySchema, updateTenant } from '@/lib/platform';
import { provisionTenantWithAdmin } from '@/lib/features/organisation/provision-with-admin';
import { formAction } from '@/lib/web/action';
import { auditSuperuser } from './audit';
import { superuserAction } from './superuser-action';
import { revalidateAdmin } from './revalidate';
import { directDb } from '@/lib/infra/db/pool';

// Every superuser action (formAction): requireSuperuser() FIRST (a superuser session issued for
// the root host; tenant sessions and other hosts are refused), then zod (lib/features/admin/inputs.ts),
// then lib code. The schema in a form only names the target; the authority is the session.

/** lib field names → input names of the create form. */
const createFields: Record<string, string> = { 'admin.email': 'adminEmail', 'admin.password': 'adminPassword', 'admin.name': 'adminEmail' };

export const createTenantAction = formAction({
  name: 'createTenant',
  read: (form) => {
    const values = {
      schema: textValue(form, 'schema'),
      name: textValue(form, 'name'),
      domain: textValue(form, 'domain'),
      paidUntil: textValue(form, 'paidUntil'),
      onTrial: checkedValue(form, 'onTrial') ? 'on' : '',
      adminEmail: textValue(form, 'adminEmail'),
    };
    return { values, input: { ...values, onTrial: values.onTrial === 'on', adminPassword: textValue(form, 'adminPassword') } };
  },
  session: () => requireSuperuser('/admin/tenants/new'),
  schema: createTenantInput,
  invalid: invalidInput,
  fieldNames: createFields,
  run: async (su, input): Promise<AdminActionState> => {
    await provisionTenantWithAdmin(directDb(), {
      schema: input.schema,
      name: input.name,
      domain: input.domain,
      paidUntil: input.paidUntil,
      onTrial: input.onTrial,
      admin: input.adminEmail ? { email: input.adminEmail, password: input.adminPassword } : null,
    });
    await auditSuperuser(su, 'tenant.create', input.schema, { domain: input.domain, admin: input.adminEmail || null });
    revalidateAdmin();
    redirect(`${tenantAdminHref(input.schema)}?created=1`);
  },
});

export const updateTenantAction = superuserAction({
  name: 'updateTenant',
  read: (form) => {
    const values = {
      name: textValue(form, 'name'),
      paidUntil: textValue(form, 'paidUntil'),
      onTrial: checkedValue(form, 'onTrial') ? 'on' : '',
    };
    return { values, input: { ...values, schema: textValue(form, 'schema'), onTrial: values.onTrial === 'on' } };
  },
  schema: updateTenantInput,
  run: async (su, { schema, name, paidUntil, onTrial }, values) => {
    await updateTenant(directDb(), schema, { name, paidUntil, onTrial });
    await auditSuperuser(su, 'tenant.update', schema, { name, paidUntil, onTrial });
    return { ok: true, message: (await getTranslations('admin.messages'))('changesSaved'), values };
  },
});

export const setTenantStatusAction = superuserAction({
  name: 'setTenantStatus',
  read: (form) => ({ input: { schema: textValue(form, 'schema'), status: textValue(form, 'status') } }),
  schema: tenantStatusInput,
  run: async (su, { schema, status }) => {
    await updateTenant(directDb(), schema, { status });
    await auditSuperuser(su, status === 'suspended' ? 'tenant.suspend' : 'tenant.resume', schema);
    const t = await getTranslations('admin.messages');
    return { ok: true, message: status === 'suspended' ? t('suspended') : t('resumed') };
  },
});

export const deleteTenantAction = superuserAction({
  name: 'deleteTenant',
  read: (form) => {
    const values = { confirm: textValue(form, 'confirm') };
    return { values, input: { schema: textValue(form, 'schema'), confirm: values.confirm } };
  },
  schema: deleteTenantInput,
  run: async (su, { schema }) => {
    const { id } = await getTenantBySchema(directDb(), schema); // the entry keeps the id of a tenant that is gone
    await deleteTenant(directDb(), schema, { dropSchema: true });
    await auditSuperuser(su, 'tenant.delete', schema, undefined, id);
    revalidateAdmin();
    redirect(`/admin?deleted=${encodeURIComponent(schema)}`);
  },
});
