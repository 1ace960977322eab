import { sql, type Kysely } from 'kysely';

export const name = '2026_11_27_101_add_tenant_limits';

// Per-tenant limits (issue 12), set by a superuser: the statement_timeout of the tenant's request
// transactions (null = the default, QUORUM_STATEMENT_TIMEOUT_MS) and quotas on polls and users
// (null = unlimited). Read with the tenant's host lookup, so they cost no extra query.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table tenants
    add column statement_timeout_ms integer check (statement_timeout_ms between 100 and 600000),
    add column max_polls integer check (max_polls >= 0),
    add column max_users integer check (max_users >= 0)`.execute(db);
}
