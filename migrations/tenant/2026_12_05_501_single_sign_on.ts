import { sql, type Kysely } from 'kysely';

export const name = '2026_12_05_501_single_sign_on';

// Issue 23, part 3: single sign-on with OpenID Connect, one provider per organisation (a one-row
// table, like security_settings). The client secret is sealed with the two-factor secrets' helper
// (AES-256-GCM with a key derived from QUORUM_SECRET_KEY, see SECURITY.md) and never shown back.
// "Create members" lets a verified email of the provider become a member on first login; "require
// single sign-on" makes the password login refuse members (admins keep it as a break-glass path).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table single_sign_on (
    id boolean primary key default true check (id),
    display_name text not null,
    issuer text not null,
    client_id text not null,
    client_secret text not null,
    enabled boolean not null default false,
    create_members boolean not null default false,
    require_sso boolean not null default false,
    updated_at timestamptz not null default now()
  )`.execute(db);
}
