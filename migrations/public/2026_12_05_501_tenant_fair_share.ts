import { sql, type Kysely } from 'kysely';

export const name = '2026_12_05_501_tenant_fair_share';

// Per-tenant fair-share settings (issue 21), set by a superuser (admin tenant page, CLI):
// max_concurrency = this tenant's K, transactions at a time per server process (null = the default,
// QUORUM_TENANT_CONCURRENCY or a quarter of the pool); rate_limit / rate_limit_per_address =
// requests per second for the whole tenant and per client address within it, over all server
// processes (null = the default, QUORUM_RATE_LIMIT / QUORUM_RATE_LIMIT_PER_ADDRESS; 0 = no limit).
// Read with the tenant's host lookup (in-process cache, cleared by NOTIFY): no query per request.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table tenants
    add column max_concurrency integer check (max_concurrency between 1 and 1000),
    add column rate_limit integer check (rate_limit between 0 and 1000000),
    add column rate_limit_per_address integer check (rate_limit_per_address between 0 and 1000000)`.execute(db);
}
