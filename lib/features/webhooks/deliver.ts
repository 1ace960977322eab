// The deliver_webhook job (issue 25, part 4): one attempt of one delivery. The body is signed with
// the Standard Webhooks scheme (webhook-id, webhook-timestamp, webhook-signature: v1,<base64
// HMAC-SHA256 of "id.timestamp.body">) and POSTed to the endpoint's checked address (address.ts),
// with a 10-second timeout and no redirects; a 2xx is success. A failed attempt is recorded and the
// next one queued after the next delay (QUORUM_WEBHOOK_RETRY_MS); once the attempts are used up the
// delivery has failed, and an endpoint with FAILURES_BEFORE_OFF failed deliveries in a row is
// switched off and its organisation's admins are emailed (send_webhook_disabled). No tenant
// transaction is held while the request is in flight.
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import { Webhook } from 'standardwebhooks';
import { webhookRetryDelaysMs, webhooksAllowPrivate } from '@/lib/config/env';
import { EMAIL_MAX_ATTEMPTS } from '@/lib/infra/queue/limits';
import { enqueueTenantJob } from '@/lib/infra/queue/queue';
import type { TenantDb } from '@/lib/tenancy';
import { openSecret } from '@/lib/features/auth/two-factor-codes';
import { resolveTarget } from './address';
import { DELIVER_JOB_MAX_ATTEMPTS } from './events';

export const DELIVERY_TIMEOUT_MS = 10_000;
/** Failed deliveries in a row (each with its attempts used up) before an endpoint is switched off. */
export const FAILURES_BEFORE_OFF = 5;
const USER_AGENT = 'Quorum-Webhooks/1';

export interface DeliveryJob {
  tenant: { id: number };
  inTenant<T>(fn: (db: TenantDb) => Promise<T>): Promise<T>;
  log: Logger;
}

export interface AttemptOutcome {
  ok: boolean;
  status: number | null;
  error: string | null;
}

/** The three Standard Webhooks headers for a body. */
export function signatureHeaders(secret: string, messageId: string, body: string, at = new Date()): Record<string, string> {
  const timestamp = new Date(Math.floor(at.getTime() / 1000) * 1000);
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(timestamp.getTime() / 1000),
    'webhook-signature': new Webhook(secret).sign(messageId, timestamp, body),
  };
}

/** One POST to `url`, connecting only to the address that was checked. Never throws. */
export async function postWebhook(url: string, headers: Record<string, string>, body: string): Promise<AttemptOutcome> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { ok: false, status: null, error: 'the URL does not parse' };
  }
  let target: Awaited<ReturnType<typeof resolveTarget>>;
  try {
    target = await resolveTarget(u.hostname, webhooksAllowPrivate());
  } catch (err) {
    return { ok: false, status: null, error: (err as Error).message };
  }
  // The socket connects to the checked address whatever name it is given; TLS still checks the name.
  const lookup: LookupFunction = (_host, opts, cb) => {
    if (opts?.all) cb(null, [{ address: target.address, family: target.family }]);
    else cb(null, target.address, target.family);
  };
  const client = u.protocol === 'https:' ? https : u.protocol === 'http:' ? http : null;
  if (!client) return { ok: false, status: null, error: 'the URL is neither http nor https' };
  return new Promise<AttemptOutcome>((resolve) => {
    const req = client.request(
      u,
      {
        method: 'POST',
        lookup,
        agent: false,
        timeout: DELIVERY_TIMEOUT_MS,
        headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': USER_AGENT },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          if (size < 500) chunks.push(c);
          size += c.length;
        });
        res.on('end', () => {
          const ok = status >= 200 && status < 300;
          const text = Buffer.concat(chunks).toString('utf8').slice(0, 200).trim();
          resolve({ ok, status, error: ok ? null : `HTTP ${status}${text ? `: ${text}` : ''}` });
        });
        res.on('error', (err) => resolve({ ok: false, status, error: err.message }));
      },
    );
    const deadline = setTimeout(() => req.destroy(new Error(`no answer within ${DELIVERY_TIMEOUT_MS / 1000} s`)), DELIVERY_TIMEOUT_MS);
    req.on('timeout', () => req.destroy(new Error(`no answer within ${DELIVERY_TIMEOUT_MS / 1000} s`)));
    req.on('error', (err) => resolve({ ok: false, status: null, error: err.message || String(err) }));
    req.on('close', () => clearTimeout(deadline));
    req.end(body);
  });
}

/** The job's work for one delivery id. */
export async function deliverWebhook(job: DeliveryJob, deliveryId: number): Promise<void> {
  const row = await job.inTenant((db) =>
    db
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
      .select([
        'd.id',
        'd.message_id',
        'd.payload',
        'd.attempts',
        'd.delivered_at',
        'd.failed_at',
        'e.id as endpoint_id',
        'e.url',
        'e.secret',
        'e.enabled',
      ])
      .where('d.id', '=', deliveryId)
      .executeTakeFirst(),
  );
  if (!row || row.delivered_at || row.failed_at) {
    job.log.info({ deliveryId }, 'deliver_webhook: nothing to send (delivered, failed or removed)');
    return;
  }
  if (!row.enabled) {
    await job.inTenant((db) =>
      db
        .updateTable('webhook_deliveries')
        .set({ last_error: 'the endpoint is switched off', next_attempt_at: null, failed_at: sql<Date>`now()` })
        .where('id', '=', deliveryId)
        .execute(),
    );
    return;
  }
  const secret = openSecret(row.secret);
  const outcome: AttemptOutcome = secret
    ? await postWebhook(row.url, signatureHeaders(secret, row.message_id, row.payload), row.payload)
    : { ok: false, status: null, error: 'the signing secret cannot be read (was QUORUM_SECRET_KEY changed?)' };
  const delays = webhookRetryDelaysMs();
  const attempt = row.attempts + 1;
  const exhausted = !outcome.ok && attempt > delays.length;
  const switchedOff = await job.inTenant(async (db) => {
    const base = { attempts: attempt, last_status: outcome.status, last_error: outcome.error };
    if (outcome.ok) {
      await db
        .updateTable('webhook_deliveries')
        .set({ ...base, delivered_at: sql<Date>`now()`, next_attempt_at: null })
        .where('id', '=', deliveryId)
        .execute();
      await db.updateTable('webhook_endpoints').set({ consecutive_failures: 0 }).where('id', '=', row.endpoint_id).execute();
      return false;
    }
    if (!exhausted) {
      const runAt = new Date(Date.now() + delays[attempt - 1]!);
      await db
        .updateTable('webhook_deliveries')
        .set({ ...base, next_attempt_at: runAt })
        .where('id', '=', deliveryId)
        .execute();
      await enqueueTenantJob(
        db,
        job.tenant,
        'deliver_webhook',
        { deliveryId },
        { runAt, jobKey: String(deliveryId), maxAttempts: DELIVER_JOB_MAX_ATTEMPTS },
      );
      return false;
    }
    await db
      .updateTable('webhook_deliveries')
      .set({ ...base, next_attempt_at: null, failed_at: sql<Date>`now()` })
      .where('id', '=', deliveryId)
      .execute();
    const ep = await db
      .updateTable('webhook_endpoints')
      .set({ consecutive_failures: sql<number>`consecutive_failures + 1` })
      .where('id', '=', row.endpoint_id)
      .returning(['consecutive_failures', 'enabled'])
      .executeTakeFirst();
    if (!ep || !ep.enabled || ep.consecutive_failures < FAILURES_BEFORE_OFF) return false;
    await db
      .updateTable('webhook_endpoints')
      .set({ enabled: false, disabled_at: sql<Date>`now()` })
      .where('id', '=', row.endpoint_id)
      .execute();
    await enqueueTenantJob(db, job.tenant, 'send_webhook_disabled', { endpointId: row.endpoint_id }, { maxAttempts: EMAIL_MAX_ATTEMPTS });
    return true;
  });
  job.log.info({ deliveryId, attempt, status: outcome.status, ok: outcome.ok, exhausted, switchedOff }, 'deliver_webhook');
}

/** For the send_webhook_disabled job: the endpoint's URL, its failure run and the admins' addresses. */
export async function disabledEndpointNotice(db: TenantDb, endpointId: number) {
  const ep = await db
    .selectFrom('webhook_endpoints')
    .select(['url', 'consecutive_failures', 'enabled'])
    .where('id', '=', endpointId)
    .executeTakeFirst();
  if (!ep || ep.enabled) return null;
  const admins = await db.selectFrom('users').select('email').where('role', '=', 'admin').orderBy('id').execute();
  return { url: ep.url, failures: ep.consecutive_failures, admins: admins.map((a) => a.email) };
}
