import { sql, type Kysely } from 'kysely';

export const name = '2026_12_05_801_superuser_two_factor';

// Issue 23, part 1, for the operators: the same TOTP columns as a tenant's users (see the tenant
// migration 2026_12_05_401), their recovery codes, and operator settings (one boolean per key; a
// missing key takes its default, e.g. "superusers must use two-factor" is on in production).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table superusers add column totp_secret text, add column totp_enabled_at timestamptz, add column totp_last_step bigint`.execute(
    db,
  );
  await sql`create table superuser_recovery_codes (
    id integer generated always as identity primary key,
    superuser_id integer not null references superusers(id) on delete cascade,
    code_hash text not null,
    used_at timestamptz,
    unique (superuser_id, code_hash)
  )`.execute(db);
  await sql`create table operator_settings (
    key text primary key,
    value boolean not null,
    updated_at timestamptz not null default now()
  )`.execute(db);
}
