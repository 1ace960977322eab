'use server';

import { redirect } from 'next/navigation';
import { hashPassword } from '@/lib/features/auth/password';
import { textValue } from '@/lib/web/form-state';
import { withTenant } from '@/lib/tenancy';
import { createUser, newUserFormInput } from '@/lib/features/auth/users';
import { emitMemberJoined } from '@/lib/features/webhooks/events';
import { formAction } from '@/lib/web/action';
import { auditTenantAdmin } from '@/lib/features/auth/tenant-audit';
import { IMPERSONATED_NEW_USER_SENTENCE, tenantWriter } from '@/lib/features/auth/actions/session';

/** Tenant admins add a user (admin or member) to THIS host's tenant. */
export const createUserAction = formAction({
  name: 'createUser',
  read: (form) => {
    const values = { email: textValue(form, 'email'), name: textValue(form, 'name'), role: textValue(form, 'role') || 'member' };
    return { values, input: { ...values, password: textValue(form, 'password') } };
  },
  session: tenantWriter({ admin: true, next: () => '/users', impersonated: () => IMPERSONATED_NEW_USER_SENTENCE }),
  schema: newUserFormInput,
  run: async (ctx, input) => {
    // Hash before the transaction so a pooled connection is not held during the KDF.
    const hash = await hashPassword(input.password);
    const user = await withTenant(ctx.tenant, async (db) => {
      const created = await createUser(db, input, hash, { maxUsers: ctx.tenant.maxUsers });
      await emitMemberJoined(db, ctx.tenant, created, 'added');
      return created;
    });
    await auditTenantAdmin(ctx, 'user.create', { user: user.email, userId: user.id, role: user.role });
    redirect(`/users?created=${encodeURIComponent(user.email)}`);
  },
});
