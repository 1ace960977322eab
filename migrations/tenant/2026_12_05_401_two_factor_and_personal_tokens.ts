import { sql, type Kysely } from 'kysely';

export const name = '2026_12_05_401_two_factor_and_personal_tokens';

// Issue 23, parts 1 and 2. Two-factor (TOTP, RFC 6238) per user: the secret (AES-256-GCM
// encrypted when a key is configured, see SECURITY.md), when it was confirmed (null while an
// enrolment waits for its first code) and the last time step accepted (a code works once).
// Recovery codes: ten per enrolment, only their SHA-256 stored, each used once. The organisation's
// "admins must use two-factor" setting is a one-row table. Personal API tokens reuse api_tokens:
// a name (null for the tokens /api/login mints), an optional expiry and the time of last use.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table users add column totp_secret text, add column totp_enabled_at timestamptz, add column totp_last_step bigint`.execute(
    db,
  );
  await sql`create table recovery_codes (
    id integer generated always as identity primary key,
    user_id integer not null references users(id) on delete cascade,
    code_hash text not null,
    used_at timestamptz,
    unique (user_id, code_hash)
  )`.execute(db);
  await sql`create table security_settings (
    id boolean primary key default true check (id),
    admins_must_use_two_factor boolean not null default false
  )`.execute(db);
  await sql`alter table api_tokens add column name text, add column last_used_at timestamptz, alter column expires_at drop not null`.execute(
    db,
  );
}
