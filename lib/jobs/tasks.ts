import type { TaskList } from 'graphile-worker';
import { z } from 'zod';
import { RESET_MINUTES, createPasswordReset } from '@/lib/features/auth/password-reset';
import { tenantLink } from '@/lib/infra/mail/links';
import { sendMail } from '@/lib/infra/mail/mailer';
import { invitationMail, passwordResetMail } from '@/lib/infra/mail/messages';
import { closePoll } from '@/lib/features/polls/closing';
import { INVITATION_DAYS, markInvitationSent, mintInvitationToken } from '@/lib/features/users/invitations';
import { FIND_ORGANISATIONS_TASK, findOrganisationsTask } from '@/lib/features/auth/find-organisations-task';
import { tenantTask } from './tenant-task';

/** Every job the worker runs; each tenant job is wrapped by tenantTask, so it runs in its own tenant only. */
export const taskList: TaskList = {
  // The one job of no tenant: a lookup across all of them (lib/features/auth/find-organisations-task.ts).
  [FIND_ORGANISATIONS_TASK]: findOrganisationsTask,

  close_poll: tenantTask('close_poll', z.object({ pollId: z.number().int().positive() }), async ({ payload, inTenant, log }) => {
    const outcome = await inTenant((db) => closePoll(db, payload.pollId));
    log.info({ pollId: payload.pollId, outcome }, 'close_poll');
  }),

  // The token is minted here, not when the invitation is queued, so no usable secret waits in the
  // queue; it is committed before the message goes out, and an SMTP failure throws (retry).
  send_invitation: tenantTask(
    'send_invitation',
    z.object({ invitationId: z.number().int().positive() }),
    async ({ payload, tenant, inTenant, log }) => {
      if (!tenant.host) throw new Error('the tenant has no primary domain to link to');
      const minted = await inTenant((db) => mintInvitationToken(db, payload.invitationId));
      if (!minted) {
        log.info({ invitationId: payload.invitationId }, 'send_invitation: nothing to send (accepted, expired or withdrawn)');
        return;
      }
      const link = tenantLink(tenant.host, '/invite', { token: minted.token });
      await sendMail(invitationMail(minted.email, tenant.name, link, INVITATION_DAYS));
      await inTenant((db) => markInvitationSent(db, payload.invitationId));
      log.info({ invitationId: payload.invitationId }, 'invitation sent');
    },
  ),

  send_password_reset: tenantTask(
    'send_password_reset',
    z.object({ email: z.string().email() }),
    async ({ payload, tenant, inTenant, log }) => {
      if (!tenant.host) throw new Error('the tenant has no primary domain to link to');
      const reset = await inTenant((db) => createPasswordReset(db, payload.email));
      if (!reset) {
        log.info('password reset asked for an address with no account: nothing sent');
        return;
      }
      const link = tenantLink(tenant.host, '/reset-password', { token: reset.token });
      await sendMail(passwordResetMail(reset.email, tenant.name, link, RESET_MINUTES));
      log.info('password reset link sent');
    },
  ),
};
