import { sql, type Kysely } from 'kysely';

export const name = '2026_11_27_312_create_impersonation_tokens';

// Single-use "open as" links (issue 12, part 3). Only the SHA-256 of the token is stored; a row is
// bound to one tenant (by id) and one of its users, lives 15 minutes and is consumed by one
// UPDATE ... WHERE used_at IS NULL, so two clicks cannot both start a session. Rows point at
// tenants by id only (no foreign key from public into tenant schemas; see DESIGN.md). The session
// a link started names its row; Stop sets ended_at, and a session whose row has ended_at (or is
// gone) is refused, so a copy of the cookie does not outlive Stop.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table impersonation_tokens (
    token_hash text primary key,
    tenant_id integer not null,
    user_id integer not null,
    superuser_id integer not null,
    superuser_email text not null,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null,
    used_at timestamptz,
    ended_at timestamptz
  )`.execute(db);
  await sql`create index impersonation_tokens_expires_idx on impersonation_tokens (expires_at)`.execute(db);
}
