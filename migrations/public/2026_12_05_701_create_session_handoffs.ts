import { sql, type Kysely } from 'kysely';

export const name = '2026_12_05_701_create_session_handoffs';

// Signup hands the new admin's session over to the new organisation's host (issue 24, item 14):
// session cookies are host-only, so the root host cannot set one for the tenant host. The
// redirect carries a random token; only its SHA-256 is stored here, bound to one tenant (by id) and
// one of its users, for 2 minutes, and consumed by one UPDATE ... WHERE used_at IS NULL.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table session_handoffs (
    token_hash text primary key,
    tenant_id integer not null,
    user_id integer not null,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null,
    used_at timestamptz
  )`.execute(db);
  await sql`create index session_handoffs_expires_idx on session_handoffs (expires_at)`.execute(db);
}
