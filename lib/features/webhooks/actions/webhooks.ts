'use server';

// Webhook endpoints (issue 25, part 4) on /settings/webhooks: add (the secret is shown once),
// switch on or off, delete, resend a delivery. Admins of THIS host's tenant only (tenantWriter:
// the session's tenant is the host's, the role is admin, the tenant is not read-only); audited.
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { tenantWriter } from '@/lib/features/auth/actions/session';
import { auditTenantAdmin } from '@/lib/features/auth/tenant-audit';
import { withTenant } from '@/lib/tenancy';
import { getTranslations } from 'next-intl/server';
import { formAction } from '@/lib/web/action';
import { textValue, type FormState } from '@/lib/web/form-state';
import {
  createEndpoint,
  deleteEndpoint,
  deliveryIdInput,
  endpointIdInput,
  newEndpointInput,
  resendDelivery,
  setEndpointEnabled,
} from '@/lib/features/webhooks/endpoints';

const PATH = '/settings/webhooks';
const admin = tenantWriter({ admin: true, next: () => PATH });

export const createWebhookAction = formAction<
  Awaited<ReturnType<typeof admin>>,
  z.infer<typeof newEndpointInput>,
  FormState & { secret?: string }
>({
  name: 'createWebhook',
  read: (form) => {
    const events = form.getAll('events').filter((v): v is string => typeof v === 'string');
    const url = textValue(form, 'url');
    return { values: { url, events: events.join(',') }, input: { url, events } };
  },
  session: admin,
  schema: newEndpointInput,
  run: async (ctx, input) => {
    const ep = await withTenant(ctx.tenant, (db) => createEndpoint(db, input));
    await auditTenantAdmin(ctx, 'webhook.create', { id: ep.id, url: ep.url, events: ep.events });
    revalidatePath(PATH);
    return { ok: true, message: (await getTranslations('settings.webhooks.messages'))('created'), secret: ep.secret };
  },
});

export const setWebhookEnabledAction = formAction({
  name: 'setWebhookEnabled',
  read: (form) => ({ input: { id: textValue(form, 'id'), enabled: textValue(form, 'enabled') } }),
  session: admin,
  schema: z.object({ id: endpointIdInput, enabled: z.enum(['on', 'off']) }),
  run: async (ctx, { id, enabled }): Promise<FormState> => {
    const ep = await withTenant(ctx.tenant, (db) => setEndpointEnabled(db, id, enabled === 'on'));
    await auditTenantAdmin(ctx, enabled === 'on' ? 'webhook.enable' : 'webhook.disable', { id, url: ep.url });
    revalidatePath(PATH);
    return { ok: true, message: (await getTranslations('settings.webhooks.messages'))('switched', { url: ep.url, state: enabled }) };
  },
});

export const deleteWebhookAction = formAction({
  name: 'deleteWebhook',
  read: (form) => ({ input: { id: textValue(form, 'id') } }),
  session: admin,
  schema: z.object({ id: endpointIdInput }),
  run: async (ctx, { id }): Promise<FormState> => {
    const ep = await withTenant(ctx.tenant, (db) => deleteEndpoint(db, id));
    await auditTenantAdmin(ctx, 'webhook.delete', { id, url: ep.url });
    revalidatePath(PATH);
    return { ok: true, message: (await getTranslations('settings.webhooks.messages'))('deleted', { url: ep.url }) };
  },
});

export const resendWebhookAction = formAction({
  name: 'resendWebhook',
  read: (form) => ({ input: { id: textValue(form, 'id') } }),
  session: admin,
  schema: z.object({ id: deliveryIdInput }),
  run: async (ctx, { id }): Promise<FormState> => {
    const d = await withTenant(ctx.tenant, (db) => resendDelivery(db, ctx.tenant, id));
    await auditTenantAdmin(ctx, 'webhook.resend', { delivery: id, event: d.event_type, url: d.url });
    revalidatePath(PATH);
    return { ok: true, message: (await getTranslations('settings.webhooks.messages'))('resent', { event: d.event_type, url: d.url }) };
  },
});
