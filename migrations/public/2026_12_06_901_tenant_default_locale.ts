import { sql, type Kysely } from 'kysely';

export const name = '2026_12_06_901_tenant_default_locale';

// Issue 25, part 3: the organisation's default language, for its users who chose none and for
// its anonymous visitors (i18n/request.ts). Read with the tenant's host lookup (in-process cache,
// cleared by NOTIFY). A constant default: adding the column rewrites nothing. The constraint is
// added on its own, named, as Citus wants it (a CHECK inside ADD COLUMN is refused there).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table tenants add column default_locale text not null default 'en'`.execute(db);
  await sql`alter table tenants add constraint tenants_default_locale_check check (default_locale in ('en', 'de'))`.execute(db);
}
