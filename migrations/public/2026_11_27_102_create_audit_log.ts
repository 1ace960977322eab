import { sql, type Kysely } from 'kysely';

export const name = '2026_11_27_102_create_audit_log';

// Who did what to which tenant, when, from where (issue 12, part 4). Append-only: a trigger
// refuses UPDATE, DELETE and TRUNCATE for every role, the owner included. `tenant` is the schema
// name as text, not a foreign key (public tables never point into tenants; rows outlive tenants).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table audit_log (
    id bigint generated always as identity primary key,
    at timestamptz not null default now(),
    actor text not null,
    action text not null,
    tenant text,
    detail jsonb not null default '{}',
    address text
  )`.execute(db);
  await sql`create index audit_log_at_idx on audit_log (at desc)`.execute(db);
  await sql`create index audit_log_tenant_at_idx on audit_log (tenant, at desc)`.execute(db);
  await sql`create function audit_log_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only' using errcode = '42501';
    end $$`.execute(db);
  await sql`create trigger audit_log_no_change before update or delete on audit_log
    for each row execute function audit_log_append_only()`.execute(db);
  await sql`create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function audit_log_append_only()`.execute(db);
}
