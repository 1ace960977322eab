import { requireTenantUser, type TenantContext } from '@/lib/auth/session';
import { UserError } from '@/lib/errors';

export const READ_ONLY_SENTENCE =
  'This organisation’s subscription has expired, so it is read-only: nothing can be created or changed until it is renewed.';

/**
 * The session step of a tenant action that writes: a user of THIS host's tenant (else a redirect
 * to its login, back to `next`), an admin when asked, and a tenant that is not read-only.
 */
export function tenantWriter(opts: { admin?: boolean; next: (form: FormData) => string }) {
  return async (form: FormData): Promise<TenantContext> => {
    const ctx = await requireTenantUser({ admin: opts.admin, next: opts.next(form) });
    if (ctx.readOnly) throw new UserError(READ_ONLY_SENTENCE, 403);
    return ctx;
  };
}

/** `/polls/<id><suffix>` for the login redirect, from the form's raw id (digits only, else '/'). */
export function pollPath(form: FormData, suffix = ''): string {
  const id = form.get('id');
  return typeof id === 'string' && /^\d{1,10}$/.test(id) ? `/polls/${id}${suffix}` : '/';
}
