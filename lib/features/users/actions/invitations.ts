'use server';

import { startSession } from '@/lib/features/auth/start-session';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { hashPassword } from '@/lib/features/auth/password';
import { textValue } from '@/lib/web/form-state';
import { withTenant } from '@/lib/tenancy';
import {
  acceptInput,
  acceptInvitation,
  invitationIdInput,
  invitationInput,
  queueInvitation,
  revokeInvitation,
} from '@/lib/features/users/invitations';
import { formAction } from '@/lib/web/action';
import { auditTenantAdmin } from '@/lib/features/auth/tenant-audit';
import { grantsAdmin, tenantVisitor, tenantWriter } from '@/lib/features/auth/actions/session';

/** A tenant admin invites someone by email; the message is queued and sent by a job. */
export const inviteUserAction = formAction({
  name: 'inviteUser',
  read: (form) => {
    const values = { email: textValue(form, 'email'), role: textValue(form, 'role') || 'member' };
    return { values, input: values };
  },
  session: tenantWriter({ admin: true, next: () => '/users/invite', impersonated: grantsAdmin }),
  schema: invitationInput,
  run: async (ctx, input) => {
    const inv = await withTenant(ctx.tenant, (db) => queueInvitation(db, ctx.tenant, ctx.user.uid, input));
    await auditTenantAdmin(ctx, 'user.invite', { user: inv.email, role: inv.role });
    redirect(`/users?invited=${encodeURIComponent(inv.email)}`);
  },
});

/** A tenant admin withdraws an open invitation (its link stops working). */
export const revokeInvitationAction = formAction({
  name: 'revokeInvitation',
  read: (form) => ({ input: { invitationId: textValue(form, 'invitationId') } }),
  session: tenantWriter({ admin: true, next: () => '/users' }),
  schema: z.object({ invitationId: invitationIdInput }),
  run: async (ctx, { invitationId }) => {
    const inv = await withTenant(ctx.tenant, (db) => revokeInvitation(db, invitationId));
    redirect(`/users?revoked=${encodeURIComponent(inv.email)}`);
  },
});

// A malformed token is not a form error: it is looked up as '' and refused with the link's sentence.
const acceptForm = acceptInput.extend({ token: z.string().max(100).catch('') });

/** Someone follows an invitation link, chooses a name and password, and becomes a user (once). */
export const acceptInvitationAction = formAction({
  name: 'acceptInvitation',
  read: (form) => {
    const values = { name: textValue(form, 'name') };
    return { values, input: { ...values, password: textValue(form, 'password'), token: textValue(form, 'token') } };
  },
  session: tenantVisitor({ writes: true }),
  schema: acceptForm,
  run: async (tenant, { token, ...input }) => {
    const hash = await hashPassword(input.password);
    const user = await withTenant(tenant, (db) => acceptInvitation(db, tenant, token, input, hash));
    // The link and the new password prove who this is: they end signed in, not on a login form.
    await startSession({ uid: user.id, email: user.email, name: user.name, kind: 'tenant', tenant: tenant.schema, role: user.role });
    redirect('/?joined=1');
  },
});
