import type { TaskList } from 'graphile-worker';
import { z } from 'zod';
import { RESET_MINUTES, createPasswordReset } from '@/lib/features/auth/password-reset';
import { tenantLink } from '@/lib/infra/mail/links';
import { sendMail } from '@/lib/infra/mail/mailer';
import { invitationMail, passwordResetMail, webhookDisabledMail } from '@/lib/infra/mail/messages';
import { deliverWebhook, disabledEndpointNotice } from '@/lib/features/webhooks/deliver';
import { closePoll } from '@/lib/features/polls/closing';
import { INVITATION_DAYS, markInvitationSent, mintInvitationToken } from '@/lib/features/users/invitations';
import { FIND_ORGANISATIONS_TASK, findOrganisationsTask } from '@/lib/features/auth/find-organisations-task';
import { recipientLocales, tenantDefaultLocale } from '@/lib/features/locale/user-locale';
import { tenantTask } from './tenant-task';

/** Every job the worker runs; each tenant job is wrapped by tenantTask, so it runs in its own tenant only. */
export const taskList: TaskList = {
  // The one job of no tenant: a lookup across all of them (lib/features/auth/find-organisations-task.ts).
  [FIND_ORGANISATIONS_TASK]: findOrganisationsTask,

  close_poll: tenantTask('close_poll', z.object({ pollId: z.number().int().positive() }), async ({ payload, tenant, inTenant, log }) => {
    const outcome = await inTenant((db) => closePoll(db, tenant, payload.pollId));
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
      // The invitee has no account yet: the organisation's language.
      await sendMail(invitationMail(minted.email, tenant.name, link, INVITATION_DAYS, await tenantDefaultLocale(tenant.id)));
      await inTenant((db) => markInvitationSent(db, payload.invitationId));
      log.info({ invitationId: payload.invitationId }, 'invitation sent');
    },
  ),

  // Webhooks (issue 25, part 4): one attempt of one delivery; a failure queues the next attempt itself.
  deliver_webhook: tenantTask(
    'deliver_webhook',
    z.object({ deliveryId: z.number().int().positive() }),
    async ({ payload, tenant, inTenant, log }) => deliverWebhook({ tenant, inTenant, log }, payload.deliveryId),
  ),

  // An endpoint was switched off after failed deliveries: each admin is told (SMTP failures retry).
  send_webhook_disabled: tenantTask(
    'send_webhook_disabled',
    z.object({ endpointId: z.number().int().positive() }),
    async ({ payload, tenant, inTenant, log }) => {
      const notice = await inTenant((db) => disabledEndpointNotice(db, payload.endpointId));
      if (!notice) {
        log.info({ endpointId: payload.endpointId }, 'send_webhook_disabled: the endpoint is gone or back on');
        return;
      }
      const link = tenant.host ? tenantLink(tenant.host, '/settings/webhooks') : null;
      const fallback = await tenantDefaultLocale(tenant.id);
      const localeOf = await inTenant((db) => recipientLocales(db, notice.admins, fallback));
      for (const admin of notice.admins)
        await sendMail(webhookDisabledMail(admin, tenant.name, notice.url, notice.failures, link, localeOf(admin)));
      log.info({ endpointId: payload.endpointId, admins: notice.admins.length }, 'webhook switch-off mailed');
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
      const fallback = await tenantDefaultLocale(tenant.id);
      const localeOf = await inTenant((db) => recipientLocales(db, [reset.email], fallback));
      await sendMail(passwordResetMail(reset.email, tenant.name, link, RESET_MINUTES, localeOf(reset.email)));
      log.info('password reset link sent');
    },
  ),
};
