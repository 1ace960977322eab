import { sql, type Kysely } from 'kysely';

export const name = '2026_11_27_201_tenant_public_reads';

// Whether anonymous clients may read the tenant's polls through the JSON API (GET /api/polls…).
// On for every existing tenant (that is how the API behaved until now) and by default; signup
// and `tenants create --public-reads off` choose it, a tenant admin changes it. A constant
// default: adding the column rewrites nothing on PostgreSQL 11+.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table tenants add column public_reads boolean not null default true`.execute(db);
}
