'use server';

import { redirect } from 'next/navigation';
import { formStateFromIssues, textValue, type FormState } from '@/components/ui/form-state';
import { hashPassword } from '@/lib/auth/password';
import { requireTenantUser } from '@/lib/auth/session';
import { withTenant } from '@/lib/tenancy';
import { createUser, newUserInput } from '@/lib/users/users';
import { READ_ONLY_SENTENCE, failureState } from './failure';

/** Tenant admins add a user (admin or member) to THIS host's tenant. */
export async function createUserAction(_prev: FormState, form: FormData): Promise<FormState> {
  const values = { email: textValue(form, 'email'), name: textValue(form, 'name'), role: textValue(form, 'role') || 'member' };
  const parsed = newUserInput.safeParse({ ...values, password: textValue(form, 'password') });
  if (!parsed.success) return formStateFromIssues(parsed.error.issues, values);
  const ctx = await requireTenantUser({ admin: true, next: '/users' });
  if (ctx.readOnly) return { error: READ_ONLY_SENTENCE, values };
  let email: string;
  try {
    // Hash before the transaction so a pooled connection is not held during the KDF.
    const hash = await hashPassword(parsed.data.password);
    const user = await withTenant(ctx.tenant, (db) => createUser(db, parsed.data, hash));
    email = user.email;
  } catch (err) {
    return failureState(err, values, 'createUser');
  }
  redirect(`/users?created=${encodeURIComponent(email)}`);
}
