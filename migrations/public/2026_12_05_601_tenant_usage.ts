import { sql, type Kysely } from 'kysely';

export const name = '2026_12_05_601_tenant_usage';

// Usage per tenant (issue 21, part 5), one row per tenant and minute: requests, database time
// (ms its transactions held a connection), requests refused with 429 and tenant work refused with
// 503. Every server process adds its own counts to the minute's row (insert … on conflict do
// update set x = x + excluded.x), so the key is (minute, tenant_id); the flush prunes rows past
// the retention window. Public to public: the foreign key is allowed on Citus (both tables stay on
// the coordinator), and a deleted tenant's usage goes with it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table tenant_usage (
    minute timestamptz not null,
    tenant_id integer not null references tenants (id) on delete cascade,
    requests integer not null default 0,
    db_ms integer not null default 0,
    throttled integer not null default 0,
    refused integer not null default 0,
    primary key (minute, tenant_id)
  )`.execute(db);
  await sql`create index tenant_usage_tenant on tenant_usage (tenant_id, minute)`.execute(db);
}
