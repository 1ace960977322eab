import { redirect } from 'next/navigation';
import { requireTenantUser, type TenantContext } from '@/lib/features/auth/session';
import { UserError } from '@/lib/infra/errors';
import { isReadOnly, type ResolvedTenant } from '@/lib/tenancy';
import { hostTenant } from '@/lib/tenancy/request';

export const READ_ONLY_SENTENCE =
  'This organisation’s subscription has expired, so it is read-only: nothing can be created or changed until it is renewed.';

// What a session opened by a superuser ("open as", issue 12 part 3) may not do: change anyone's
// password (the user's own included) or grant admin rights. Superusers are never created on a
// tenant host at all. The action says which of these it does with `impersonated`.
export const IMPERSONATED_PASSWORD_SENTENCE =
  'Passwords cannot be changed while a superuser has opened this organisation as one of its users.';
export const IMPERSONATED_ADMIN_SENTENCE =
  'Admin rights cannot be granted while a superuser has opened this organisation as one of its users.';
// Issue 24: a vote is the user's own say, and an account with a password the superuser chose
// could be used outside the bannered session; neither happens in an impersonated session.
export const IMPERSONATED_VOTE_SENTENCE =
  'Votes cannot be cast while a superuser has opened this organisation as one of its users: only the user can vote.';
export const IMPERSONATED_NEW_USER_SENTENCE =
  'Users cannot be added with a password while a superuser has opened this organisation as one of its users; send an invitation instead.';

/** For `impersonated`: refuses when the submitted role is admin. */
export const grantsAdmin = (form: FormData) => (form.get('role') === 'admin' ? IMPERSONATED_ADMIN_SENTENCE : null);

/**
 * The session step of a tenant action that writes: a user of THIS host's tenant (else a redirect
 * to its login, back to `next`), an admin when asked, and a tenant that is not read-only.
 * `impersonated` names what an impersonated session may not submit (the refusal, or null).
 */
export function tenantWriter(opts: {
  admin?: boolean;
  next: (form: FormData) => string;
  impersonated?: (form: FormData) => string | null;
}) {
  return async (form: FormData): Promise<TenantContext> => {
    // The session cookie carries the role from login time; requireTenantUser asks the database
    // (currentIdentity), so a removed user is sent to log in and a demoted admin is refused at
    // once, as on every page and download, not when the cookie expires.
    const ctx = await requireTenantUser({ admin: opts.admin, next: opts.next(form) });
    if (ctx.readOnly) throw new UserError(READ_ONLY_SENTENCE, 403);
    const refused = ctx.user.impersonator && opts.impersonated ? opts.impersonated(form) : null;
    if (refused) throw new UserError(refused, 403);
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
