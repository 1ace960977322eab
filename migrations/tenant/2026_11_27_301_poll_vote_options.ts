import type { Kysely } from 'kysely';

export const name = '2026_11_27_301_poll_vote_options';

// Per-poll voting options (issue 15, item 13), both off for existing polls (their behaviour stays):
// allow_vote_change: a voter's second vote replaces the first until the poll closes;
// hide_results: counts are withheld from a viewer until they have voted (or the poll has closed).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('polls')
    .addColumn('allow_vote_change', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('hide_results', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
}
