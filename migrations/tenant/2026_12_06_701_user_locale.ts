import { sql, type Kysely } from 'kysely';

export const name = '2026_12_06_701_user_locale';

// Issue 25, part 3: the language a user chose (the footer's switcher); null = follow the
// organisation's default. Two statements, the constraint named: Citus refuses a CHECK inside
// ADD COLUMN on a distributed table, and accepts both of these.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table users add column locale text`.execute(db);
  await sql`alter table users add constraint users_locale_check check (locale in ('en', 'de'))`.execute(db);
}
