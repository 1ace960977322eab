'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { formStateFromIssues, textValue, type FormState } from '@/components/ui/form-state';
import { hashPassword } from '@/lib/auth/password';
import { hostTenant, requireTenantUser } from '@/lib/auth/session';
import { isReadOnly } from '@/lib/tenancy/resolve-host';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { acceptInput, acceptInvitation, invitationInput, queueInvitation } from '@/lib/users/invitations';
import { READ_ONLY_SENTENCE, failureState } from './failure';

/** A tenant admin invites someone by email; the message is queued and sent by a job. */
export async function inviteUserAction(_prev: FormState, form: FormData): Promise<FormState> {
  const values = { email: textValue(form, 'email'), role: textValue(form, 'role') || 'member' };
  const parsed = invitationInput.safeParse(values);
  if (!parsed.success) return formStateFromIssues(parsed.error.issues, values);
  const ctx = await requireTenantUser({ admin: true, next: '/users/invite' });
  if (ctx.readOnly) return { error: READ_ONLY_SENTENCE, values };
  let email: string;
  try {
    const inv = await withTenant(ctx.tenant, (db) => queueInvitation(db, ctx.tenant, ctx.user.uid, parsed.data));
    email = inv.email;
  } catch (err) {
    return failureState(err, values, 'inviteUser');
  }
  redirect(`/users?invited=${encodeURIComponent(email)}`);
}

const tokenField = z.string().max(100);

/** Someone follows an invitation link, chooses a name and password, and becomes a user (once). */
export async function acceptInvitationAction(_prev: FormState, form: FormData): Promise<FormState> {
  const values = { name: textValue(form, 'name') };
  const token = tokenField.safeParse(textValue(form, 'token'));
  const parsed = acceptInput.safeParse({ name: values.name, password: textValue(form, 'password') });
  if (!parsed.success) return formStateFromIssues(parsed.error.issues, values);
  const tenant = await hostTenant();
  if (tenant.status === 'suspended') redirect('/suspended');
  if (isReadOnly(tenant)) return { error: READ_ONLY_SENTENCE, values };
  let email: string;
  try {
    const hash = await hashPassword(parsed.data.password);
    const user = await withTenant(tenant, (db) => acceptInvitation(db, token.success ? token.data : '', parsed.data, hash));
    email = user.email;
  } catch (err) {
    return failureState(err, values, 'acceptInvitation');
  }
  redirect(`/login?joined=1&email=${encodeURIComponent(email)}`);
}
