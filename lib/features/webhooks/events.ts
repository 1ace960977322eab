// Webhook events (issue 25, part 4): what an organisation's endpoints may subscribe to, and the
// statements that record an event's deliveries and queue them, inside the transaction of the
// change that caused it (a rolled-back vote sends nothing).
import { sql } from 'kysely';
import { cacheListener } from '@/lib/infra/db/listen';
import type { TenantDb } from '@/lib/tenancy';
import type { WebhookEvent } from './event-names';

export const DELIVER_WEBHOOK_TASK = 'deliver_webhook';
/** Queue attempts of one delivery job: HTTP failures are rescheduled by the job itself, these cover crashes. */
export const DELIVER_JOB_MAX_ATTEMPTS = 3;

/** The body every endpoint receives (Standard Webhooks' shape): the type, when it happened, the data. */
export function webhookBody(type: WebhookEvent, data: Record<string, unknown>, at = new Date()): string {
  return JSON.stringify({ type, timestamp: at.toISOString(), data });
}

// ---------------------------------------------------------------------------------------------
// Per-process cache of "which events do this tenant's enabled endpoints want", so that an action of
// an organisation with no endpoint (nearly all) costs no statement at all. Entries are filled by
// the emit statement itself and live WANTED_CACHE_MS at most; creating, switching and deleting an
// endpoint announce the change (NOTIFY quorum_webhooks at commit, like the token cache), which
// clears every process's cache. While a process is not listening it caches nothing (every event
// runs the statement), and an entry filled while a change was announced is not kept.

const CHANNEL = 'quorum_webhooks';
const WANTED_CACHE_MS = 60_000;
const MAX_ENTRIES = 10_000;
const g = globalThis as unknown as { __quorumWebhookWanted?: Map<number, { events: string[]; until: number }> };
const wanted = (g.__quorumWebhookWanted ??= new Map());
let generation = 0;

function clearWanted(): void {
  generation++;
  wanted.clear();
}

const listener = cacheListener({
  key: '__quorumWebhookListener',
  channel: CHANNEL,
  applicationName: 'quorum-listen-webhooks',
  label: 'webhook cache listener',
  onChange: clearWanted,
});

/** Tells every process that a tenant's endpoints changed (delivered at commit); this one forgets at once. */
export async function announceWebhookChange(db: TenantDb): Promise<void> {
  clearWanted();
  await sql`select pg_notify(${CHANNEL}, current_schema())`.execute(db);
}

/**
 * Records a delivery of `type` for each enabled endpoint subscribed to it and queues its job, in
 * the caller's transaction (the first statement also answers what the endpoints want, for the
 * cache). A tenant known to want no such event pays nothing; otherwise one statement, and a
 * second one for the queue only when there is a delivery.
 */
export async function emitWebhook(db: TenantDb, tenant: { id: number }, type: WebhookEvent, data: Record<string, unknown>): Promise<void> {
  listener.ensure();
  const hit = listener.listening() ? wanted.get(tenant.id) : undefined;
  if (hit && hit.until > Date.now() && !hit.events.includes(type)) return;
  const gen = generation;
  const body = webhookBody(type, data);
  // The tenant's tables in one statement, the queue (the coordinator's tables on Citus, which
  // cannot be planned together with a tenant schema's in one modifying statement) in a second
  // one, only when there is a delivery.
  const { rows } = await sql<{ ids: string[]; events: string[] }>`with d as (
      insert into webhook_deliveries (endpoint_id, message_id, event_type, payload)
      select e.id, 'msg_' || replace(gen_random_uuid()::text, '-', ''), ${type}::text, ${body}::text
      from webhook_endpoints e
      where e.enabled and e.events @> array[${type}::text]
      returning id
    )
    select (select coalesce(array_agg(id::text), '{}') from d) as ids,
      (select coalesce(array_agg(distinct x), '{}') from webhook_endpoints e cross join unnest(e.events) x where e.enabled) as events`.execute(
    db,
  );
  const ids = rows[0]?.ids ?? [];
  if (ids.length > 0)
    await sql`select public.quorum_add_tenant_job(${tenant.id}::int, ${DELIVER_WEBHOOK_TASK}::text, json_build_object('deliveryId', id::bigint),
        null::timestamptz, ${DELIVER_JOB_MAX_ATTEMPTS}::int, id) from unnest(${ids}::text[]) id`.execute(db);
  if (listener.listening() && gen === generation) {
    if (wanted.size >= MAX_ENTRIES) wanted.clear();
    wanted.set(tenant.id, { events: rows[0]?.events ?? [], until: Date.now() + WANTED_CACHE_MS });
  }
}

// The data of each event: ids and the words people see, never a secret, a password or who voted how.

export function emitPollCreated(
  db: TenantDb,
  tenant: { id: number },
  poll: { id: number; question: string; closes_at: Date | null; created_by: number | null; choices: { id: number; choice_text: string }[] },
): Promise<void> {
  return emitWebhook(db, tenant, 'poll.created', {
    poll_id: poll.id,
    question: poll.question,
    choices: poll.choices.map((c) => ({ id: c.id, text: c.choice_text })),
    closes_at: poll.closes_at?.toISOString() ?? null,
    created_by: poll.created_by,
  });
}

/** `by`: 'person' (closed by its author or an admin) or 'schedule' (its closing time, by the job). */
export function emitPollClosed(db: TenantDb, tenant: { id: number }, pollId: number, by: 'person' | 'schedule'): Promise<void> {
  return emitWebhook(db, tenant, 'poll.closed', { poll_id: pollId, closed_by: by });
}

export function emitVoteCast(
  db: TenantDb,
  tenant: { id: number },
  vote: { id: number; poll_id: number; choice_id: number; replaced: boolean },
): Promise<void> {
  return emitWebhook(db, tenant, 'vote.cast', {
    vote_id: vote.id,
    poll_id: vote.poll_id,
    choice_id: vote.choice_id,
    replaced: vote.replaced,
  });
}

/** `via`: 'added' (an admin or the CLI created the account), 'invitation' (an invitation was
 * accepted) or 'sso' (created on a first single sign-on). */
export function emitMemberJoined(
  db: TenantDb,
  tenant: { id: number },
  user: { id: number; email: string; name: string; role: string },
  via: 'added' | 'invitation' | 'sso',
): Promise<void> {
  return emitWebhook(db, tenant, 'member.joined', { user_id: user.id, email: user.email, name: user.name, role: user.role, via });
}
