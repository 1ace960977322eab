import { redirect } from 'next/navigation';
import { requireTenantUser, type TenantContext } from '@/lib/auth/session';
import { UserError } from '@/lib/errors';
import { isReadOnly, type ResolvedTenant } from '@/lib/tenancy';
import { hostTenant } from '@/lib/tenancy/request';

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

/**
 * The session step of a tenant action anyone may submit (no login: invitation links, password
 * resets): the host's tenant, not suspended, and not read-only when the action creates something.
 */
export function tenantVisitor(opts: { writes?: boolean } = {}) {
  return async (): Promise<ResolvedTenant> => {
    const tenant = await hostTenant();
    if (tenant.status === 'suspended') redirect('/suspended');
    if (opts.writes && isReadOnly(tenant)) throw new UserError(READ_ONLY_SENTENCE, 403);
    return tenant;
  };
}
