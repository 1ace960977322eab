import { sql, type Kysely } from 'kysely';

export const name = '2026_12_05_201_choice_vote_counts';

/**
 * Sets every choice's vote_count to the number of its votes (only rows that differ are written).
 * One statement, unqualified names: for a transaction whose search_path is the tenant's schema.
 * Also run after import and clone (tenantRecounts in ./index.ts), by the seeders and by
 * `tenants check --counts --repair` (lib/polls/counts.ts).
 */
export const RECOUNT_VOTES_SQL = `update choices c set vote_count = coalesce(t.n, 0)
  from choices c2 left join (select choice_id, count(*)::int as n from votes group by choice_id) t on t.choice_id = c2.id
  where c2.id = c.id and c.vote_count <> coalesce(t.n, 0)`;

// Results that cost the same at 1 vote and at 1,000,000 (issue 21, part 1): each choice carries
// its vote count, kept by the application in the vote's own transaction (lib/polls/counts.ts).
// Adding a NOT NULL column with a constant default rewrites nothing; the backfill is one
// statement over the tenant's votes, inside the migration's transaction.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('choices')
    .addColumn('vote_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // A separate statement: Citus refuses ADD COLUMN with a CHECK constraint in it.
  await db.schema
    .alterTable('choices')
    .addCheckConstraint('choices_vote_count_nonnegative', sql`vote_count >= 0`)
    .execute();
  await sql.raw(RECOUNT_VOTES_SQL).execute(db);
}
