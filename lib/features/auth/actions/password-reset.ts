'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { hashPassword } from '@/lib/features/auth/password';
import { RESET_REQUESTED, queuePasswordReset, resetPassword, resetRequestInput } from '@/lib/features/auth/password-reset';
import { textValue } from '@/lib/web/form-state';
import { withTenant } from '@/lib/tenancy';
import { newPasswordSchema } from '@/lib/features/auth/users';
import { formAction } from '@/lib/web/action';
import { tenantVisitor } from './session';

/** "Forgot your password?": the same answer for every address (no account enumeration). */
export const requestPasswordResetAction = formAction({
  name: 'requestPasswordReset',
  read: (form) => {
    const values = { email: textValue(form, 'email') };
    return { values, input: values };
  },
  session: tenantVisitor(),
  schema: resetRequestInput,
  run: async (tenant, { email }, values) => {
    await withTenant(tenant, (db) => queuePasswordReset(db, tenant, email));
    return { ok: true, message: RESET_REQUESTED, values };
  },
});

const resetInput = z
  .object({ token: z.string(), password: newPasswordSchema, confirm: z.string() })
  .refine((v) => v.confirm === v.password, { path: ['confirm'], message: 'The two passwords differ.' });

/** Sets a new password with a reset link (once), then sends the user to log in with it. */
export const resetPasswordAction = formAction({
  name: 'resetPassword',
  read: (form) => ({
    input: { token: textValue(form, 'token'), password: textValue(form, 'password'), confirm: textValue(form, 'confirm') },
  }),
  session: tenantVisitor(),
  schema: resetInput,
  run: async (tenant, { token, password }) => {
    // Hash before the transaction so a pooled connection is not held during the KDF.
    const hash = await hashPassword(password);
    const { email } = await withTenant(tenant, (db) => resetPassword(db, token, hash));
    redirect(`/login?reset=1&email=${encodeURIComponent(email)}`);
  },
});
