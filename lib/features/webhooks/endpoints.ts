// An organisation's webhook endpoints and their delivery log (issue 25, part 4): the queries the
// settings page and its actions use. The signing secret is generated here, shown once, and stored
// sealed (the TOTP secrets' AES-256-GCM helper).
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { z } from 'zod';
import { isProduction } from '@/lib/config/env';
import { UserError } from '@/lib/infra/errors';
import { enqueueTenantJob } from '@/lib/infra/queue/queue';
import type { TenantDb } from '@/lib/tenancy';
import { sealSecret } from '@/lib/features/auth/two-factor-codes';
import { DELIVER_JOB_MAX_ATTEMPTS, announceWebhookChange } from './events';
import { WEBHOOK_EVENTS } from './event-names';

export const MAX_ENDPOINTS = 20;
export const ENDPOINT_GONE = 'That webhook endpoint no longer exists.';
export const DELIVERY_GONE = 'That delivery no longer exists.';

/** An endpoint URL: http(s) with a host, no credentials; https only in production. */
export const webhookUrl = z
  .string()
  .trim()
  .min(1, 'Enter the URL that receives the events.')
  .max(2000, 'The URL is at most 2000 characters.')
  .superRefine((raw, ctx) => {
    let u: URL;
    try {
      u = new URL(raw);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'Enter a full URL, like https://example.com/hooks/quorum.' });
      return;
    }
    if (u.protocol !== 'https:' && !(u.protocol === 'http:' && !isProduction()))
      ctx.addIssue({ code: 'custom', message: 'The URL must start with https://.' });
    else if (u.username || u.password) ctx.addIssue({ code: 'custom', message: 'Leave the user name and password out of the URL.' });
    else if (!u.hostname) ctx.addIssue({ code: 'custom', message: 'The URL needs a host name.' });
  });

export const newEndpointInput = z.object({
  url: webhookUrl,
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1, 'Choose at least one event.'),
});

const ID_GONE = (message: string) => z.coerce.number({ error: message }).int(message).positive(message).max(2_147_483_647, message);
export const endpointIdInput = ID_GONE(ENDPOINT_GONE);
export const deliveryIdInput = ID_GONE(DELIVERY_GONE);

/** A new signing secret, Standard Webhooks' form: `whsec_` and 32 random bytes in base64. */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

export interface EndpointView {
  id: number;
  url: string;
  events: string[];
  enabled: boolean;
  consecutive_failures: number;
  disabled_at: Date | null;
  created_at: Date;
}

/** Adds an endpoint; returns it with its secret in clear (the only time it is shown). */
export async function createEndpoint(db: TenantDb, raw: z.input<typeof newEndpointInput>): Promise<EndpointView & { secret: string }> {
  const input = newEndpointInput.parse(raw);
  const count = await db
    .selectFrom('webhook_endpoints')
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  if (count.n >= MAX_ENDPOINTS) throw new UserError(`An organisation has at most ${MAX_ENDPOINTS} webhook endpoints.`, 409, 'url');
  const secret = newSigningSecret();
  const row = await db
    .insertInto('webhook_endpoints')
    .values({ url: input.url, events: [...new Set(input.events)], secret: sealSecret(secret) })
    .returning(['id', 'url', 'events', 'enabled', 'consecutive_failures', 'disabled_at', 'created_at'])
    .executeTakeFirstOrThrow();
  await announceWebhookChange(db);
  return { ...row, secret };
}

export function listEndpoints(db: TenantDb): Promise<EndpointView[]> {
  return db
    .selectFrom('webhook_endpoints')
    .select(['id', 'url', 'events', 'enabled', 'consecutive_failures', 'disabled_at', 'created_at'])
    .orderBy('id')
    .execute();
}

/** Switches an endpoint on (its failure run starts again at 0) or off. */
export async function setEndpointEnabled(db: TenantDb, id: number, enabled: boolean): Promise<{ url: string }> {
  const row = await db
    .updateTable('webhook_endpoints')
    .set(enabled ? { enabled: true, consecutive_failures: 0, disabled_at: null } : { enabled: false, disabled_at: sql<Date>`now()` })
    .where('id', '=', id)
    .returning('url')
    .executeTakeFirst();
  if (!row) throw new UserError(ENDPOINT_GONE, 404);
  await announceWebhookChange(db);
  return row;
}

/** Removes an endpoint and its delivery log; its queued jobs find nothing and end. */
export async function deleteEndpoint(db: TenantDb, id: number): Promise<{ url: string }> {
  const row = await db.deleteFrom('webhook_endpoints').where('id', '=', id).returning('url').executeTakeFirst();
  if (!row) throw new UserError(ENDPOINT_GONE, 404);
  await announceWebhookChange(db);
  return row;
}

export interface DeliveryView {
  id: number;
  endpoint_id: number;
  url: string;
  event_type: string;
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  next_attempt_at: Date | null;
  delivered_at: Date | null;
  failed_at: Date | null;
  created_at: Date;
}

/** The delivery log: the latest `limit` deliveries of every endpoint, newest first. */
export function listDeliveries(db: TenantDb, limit = 50): Promise<DeliveryView[]> {
  return db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
    .select([
      'd.id',
      'd.endpoint_id',
      'e.url',
      'd.event_type',
      'd.attempts',
      'd.last_status',
      'd.last_error',
      'd.next_attempt_at',
      'd.delivered_at',
      'd.failed_at',
      'd.created_at',
    ])
    .orderBy('d.id', 'desc')
    .limit(limit)
    .execute();
}

/**
 * Sends a delivery again (same webhook-id, same body, a fresh run of attempts), queued in the
 * caller's transaction; its endpoint must be on.
 */
export async function resendDelivery(db: TenantDb, tenant: { id: number }, id: number): Promise<{ event_type: string; url: string }> {
  const row = await db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
    .select(['d.id', 'd.event_type', 'e.url', 'e.enabled'])
    .where('d.id', '=', id)
    .executeTakeFirst();
  if (!row) throw new UserError(DELIVERY_GONE, 404);
  if (!row.enabled) throw new UserError('That endpoint is switched off: switch it on before resending.', 409);
  await db
    .updateTable('webhook_deliveries')
    .set({ attempts: 0, delivered_at: null, failed_at: null, next_attempt_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
  await enqueueTenantJob(db, tenant, 'deliver_webhook', { deliveryId: id }, { jobKey: String(id), maxAttempts: DELIVER_JOB_MAX_ATTEMPTS });
  return { event_type: row.event_type, url: row.url };
}
