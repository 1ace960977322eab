import { sql, type Kysely } from 'kysely';

export const name = '2026_12_05_601_webhooks';

// Issue 25, part 4: signed webhooks per organisation. An endpoint is a URL, the events it wants,
// its signing secret (sealed like TOTP secrets: AES-256-GCM when a key is configured, see
// SECURITY.md), whether it is on, and its run of failed deliveries (switched off at a threshold).
// A delivery is one event for one endpoint: its payload (the exact JSON that is signed and sent),
// attempts so far, the last outcome, when the next attempt is due and when it arrived. The partial
// index keeps the emit path's check ("any enabled endpoint for this event?") an index-only probe.
/**
 * After a copy is loaded (tenant import, clone with data): the copy's endpoints are off (a copy
 * must not send the source's events to the source's receivers until its admins say so), and the
 * deliveries it carried that were still waiting are closed (their jobs stayed with the source).
 */
export const AFTER_COPY_SQL = [
  `update webhook_endpoints set enabled = false, disabled_at = now() where enabled`,
  `update webhook_deliveries set next_attempt_at = null, failed_at = now(),
     last_error = 'Not sent: this organisation is a copy (import or clone).'
   where delivered_at is null and failed_at is null`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table webhook_endpoints (
    id integer generated always as identity primary key,
    url text not null,
    events text[] not null check (cardinality(events) > 0),
    secret text not null,
    enabled boolean not null default true,
    consecutive_failures integer not null default 0,
    disabled_at timestamptz,
    created_at timestamptz not null default now()
  )`.execute(db);
  await sql`create index webhook_endpoints_enabled on webhook_endpoints using gin (events) where enabled`.execute(db);
  await sql`create table webhook_deliveries (
    id integer generated always as identity primary key,
    endpoint_id integer not null references webhook_endpoints(id) on delete cascade,
    message_id text not null,
    event_type text not null,
    payload text not null,
    attempts integer not null default 0,
    last_status integer,
    last_error text,
    next_attempt_at timestamptz,
    delivered_at timestamptz,
    failed_at timestamptz,
    created_at timestamptz not null default now()
  )`.execute(db);
  await sql`create index webhook_deliveries_endpoint on webhook_deliveries (endpoint_id, id desc)`.execute(db);
}
