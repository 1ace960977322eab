'use server';

import { redirect } from 'next/navigation';
import { formStateFromIssues, textValue, type FormState } from '@/components/ui/form-state';
import { hashPassword } from '@/lib/auth/password';
import { RESET_REQUESTED, queuePasswordReset, resetPassword, resetRequestInput } from '@/lib/auth/password-reset';
import { hostTenant } from '@/lib/auth/session';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { passwordSchema } from '@/lib/users/users';
import { failureState } from './failure';

/** "Forgot your password?": the same answer for every address (no account enumeration). */
export async function requestPasswordResetAction(_prev: FormState, form: FormData): Promise<FormState> {
  const values = { email: textValue(form, 'email') };
  const parsed = resetRequestInput.safeParse(values);
  if (!parsed.success) return formStateFromIssues(parsed.error.issues, values);
  const tenant = await hostTenant();
  if (tenant.status === 'suspended') redirect('/suspended');
  try {
    await withTenant(tenant, (db) => queuePasswordReset(db, tenant, parsed.data.email));
  } catch (err) {
    return failureState(err, values, 'requestPasswordReset');
  }
  return { ok: true, message: RESET_REQUESTED, values };
}

/** Sets a new password with a reset link (once), then sends the user to log in with it. */
export async function resetPasswordAction(_prev: FormState, form: FormData): Promise<FormState> {
  const password = passwordSchema.safeParse(textValue(form, 'password'));
  if (!password.success) return { error: 'Please fix the highlighted field.', fieldErrors: { password: password.error.issues[0].message } };
  if (textValue(form, 'confirm') !== password.data)
    return { error: 'Please fix the highlighted field.', fieldErrors: { confirm: 'The two passwords differ.' } };
  const tenant = await hostTenant();
  if (tenant.status === 'suspended') redirect('/suspended');
  let email: string;
  try {
    const hash = await hashPassword(password.data);
    ({ email } = await withTenant(tenant, (db) => resetPassword(db, textValue(form, 'token'), hash)));
  } catch (err) {
    return failureState(err, undefined, 'resetPassword');
  }
  redirect(`/login?reset=1&email=${encodeURIComponent(email)}`);
}
