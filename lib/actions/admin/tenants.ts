'use server';

import { redirect } from 'next/navigation';
import { checked, failure, invalidInput, revalidateAdmin, text, type AdminActionState } from '@/lib/admin/action-state';
import { createTenantInput, deleteTenantInput, tenantStatusInput, updateTenantInput } from '@/lib/admin/inputs';
import { tenantAdminHref } from '@/lib/admin/links';
import { requireSuperuser } from '@/lib/auth/session';
import { provisionTenantWithAdmin } from '@/lib/users/provision-with-admin';
import { deleteTenant, updateTenant } from '@/lib/tenancy';

// Every superuser action: requireSuperuser() FIRST (a superuser session issued for the root host;
// tenant sessions and other hosts are refused), then zod (lib/admin/inputs.ts), then lib code.
// The schema in a form only names the target; the authority is the session. redirect() is called
// outside try/catch (it throws by design).

/** lib field names → input names of the create form. */
const createFields: Record<string, string> = { 'admin.email': 'adminEmail', 'admin.password': 'adminPassword', 'admin.name': 'adminEmail' };

export async function createTenantAction(_prev: AdminActionState, form: FormData): Promise<AdminActionState> {
  await requireSuperuser('/admin/tenants/new');
  const values = {
    schema: text(form, 'schema'),
    name: text(form, 'name'),
    domain: text(form, 'domain'),
    paidUntil: text(form, 'paidUntil'),
    onTrial: checked(form, 'onTrial') ? 'on' : '',
    adminEmail: text(form, 'adminEmail'),
  };
  const parsed = createTenantInput.safeParse({ ...values, onTrial: values.onTrial === 'on', adminPassword: text(form, 'adminPassword') });
  if (!parsed.success) return invalidInput(parsed.error.issues, values);
  const input = parsed.data;
  try {
    await provisionTenantWithAdmin({
      schema: input.schema,
      name: input.name,
      domain: input.domain,
      paidUntil: input.paidUntil,
      onTrial: input.onTrial,
      admin: input.adminEmail ? { email: input.adminEmail, password: input.adminPassword } : null,
    });
  } catch (err) {
    return failure(err, values, 'createTenant', createFields);
  }
  revalidateAdmin();
  redirect(`${tenantAdminHref(input.schema)}?created=1`);
}

export async function updateTenantAction(_prev: AdminActionState, form: FormData): Promise<AdminActionState> {
  await requireSuperuser('/admin');
  const values = { name: text(form, 'name'), paidUntil: text(form, 'paidUntil'), onTrial: checked(form, 'onTrial') ? 'on' : '' };
  const parsed = updateTenantInput.safeParse({ ...values, schema: text(form, 'schema'), onTrial: values.onTrial === 'on' });
  if (!parsed.success) return invalidInput(parsed.error.issues, values);
  const { schema, name, paidUntil, onTrial } = parsed.data;
  try {
    await updateTenant(schema, { name, paidUntil, onTrial });
  } catch (err) {
    return failure(err, values, 'updateTenant');
  }
  revalidateAdmin();
  return { ok: true, message: 'Changes saved.', values };
}

export async function setTenantStatusAction(_prev: AdminActionState, form: FormData): Promise<AdminActionState> {
  await requireSuperuser('/admin');
  const parsed = tenantStatusInput.safeParse({ schema: text(form, 'schema'), status: text(form, 'status') });
  if (!parsed.success) return invalidInput(parsed.error.issues);
  const { schema, status } = parsed.data;
  try {
    await updateTenant(schema, { status });
  } catch (err) {
    return failure(err, undefined, 'setTenantStatus');
  }
  revalidateAdmin();
  return {
    ok: true,
    message:
      status === 'suspended' ? 'Tenant suspended: its hosts now show the suspended page.' : 'Tenant resumed: its users can log in again.',
  };
}

export async function deleteTenantAction(_prev: AdminActionState, form: FormData): Promise<AdminActionState> {
  await requireSuperuser('/admin');
  const values = { confirm: text(form, 'confirm') };
  const parsed = deleteTenantInput.safeParse({ schema: text(form, 'schema'), confirm: values.confirm });
  if (!parsed.success) return invalidInput(parsed.error.issues, values);
  const { schema } = parsed.data;
  try {
    await deleteTenant(schema, { dropSchema: true });
  } catch (err) {
    return failure(err, values, 'deleteTenant');
  }
  revalidateAdmin();
  redirect(`/admin?deleted=${encodeURIComponent(schema)}`);
}
