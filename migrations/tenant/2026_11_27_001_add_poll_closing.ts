import type { Kysely } from 'kysely';

export const name = '2026_11_27_001_add_poll_closing';

// closes_at: when voting ends (null = never). closed_at: when the close_poll job recorded it;
// voting is refused from closes_at on whether or not the job has run yet.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('polls').addColumn('closes_at', 'timestamptz').addColumn('closed_at', 'timestamptz').execute();
}
