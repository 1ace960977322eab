'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { hashPassword } from '@/lib/features/auth/password';
import { UserError } from '@/lib/infra/errors';
import { textValue } from '@/lib/web/form-state';
import { withTenant } from '@/lib/tenancy';
import { changeRole, removeUser, resetPassword, userIdInput } from '@/lib/features/users/manage';
import { newPasswordSchema, roleSchema } from '@/lib/features/auth/users';
import { getTranslations } from 'next-intl/server';
import { formAction } from '@/lib/web/action';
import { auditTenantAdmin } from '@/lib/features/auth/tenant-audit';
import { grantsAdmin, IMPERSONATED_PASSWORD_SENTENCE, tenantWriter } from '@/lib/features/auth/actions/session';

// Tenant admins manage the other users of THIS host's tenant (the tenant comes from the session).

const writer = tenantWriter({ admin: true, next: () => '/users' });
const roleWriter = tenantWriter({ admin: true, next: () => '/users', impersonated: grantsAdmin });
const passwordWriter = tenantWriter({ admin: true, next: () => '/users', impersonated: () => IMPERSONATED_PASSWORD_SENTENCE });

export const changeRoleAction = formAction({
  name: 'changeRole',
  read: (form) => ({ input: { userId: textValue(form, 'userId'), role: textValue(form, 'role') } }),
  session: roleWriter,
  schema: z.object({ userId: userIdInput, role: roleSchema }),
  run: async (ctx, { userId, role }) => {
    const u = await withTenant(ctx.tenant, (db) => changeRole(db, userId, role));
    await auditTenantAdmin(ctx, 'user.role', { user: u.email, userId, role });
    revalidatePath('/users');
    const t = await getTranslations('tenant.actions');
    return { ok: true, message: t('roleChanged', { email: u.email, role }) };
  },
});

export const removeUserAction = formAction({
  name: 'removeUser',
  read: (form) => ({ input: { userId: textValue(form, 'userId') } }),
  session: writer,
  schema: z.object({ userId: userIdInput }),
  run: async (ctx, { userId }) => {
    if (userId === ctx.user.uid) throw new UserError((await getTranslations('tenant.actions'))('cannotRemoveSelf'), 409);
    const u = await withTenant(ctx.tenant, (db) => removeUser(db, userId));
    await auditTenantAdmin(ctx, 'user.remove', { user: u.email, userId });
    // The row (and its state) goes away: the page says what happened.
    redirect(`/users?removed=${encodeURIComponent(u.email)}`);
  },
});

export const resetPasswordAction = formAction({
  name: 'resetPassword',
  read: (form) => ({ input: { userId: textValue(form, 'userId'), password: textValue(form, 'password') } }),
  session: passwordWriter,
  schema: z.object({ userId: userIdInput, password: newPasswordSchema }),
  run: async (ctx, { userId, password }) => {
    const hash = await hashPassword(password); // before the transaction: no pooled connection held during the KDF
    const u = await withTenant(ctx.tenant, (db) => resetPassword(db, userId, hash));
    await auditTenantAdmin(ctx, 'user.password_reset', { user: u.email, userId });
    const t = await getTranslations('tenant.actions');
    return { ok: true, message: t('passwordSet', { email: u.email }) };
  },
});
