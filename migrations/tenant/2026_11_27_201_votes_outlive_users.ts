import { sql, type Kysely } from 'kysely';

export const name = '2026_11_27_201_votes_outlive_users';

// Removing a user keeps their votes, anonymised: voted_by becomes NULL instead of the vote being
// deleted with the user (results must not change when someone leaves). NULLs do not collide in
// the (poll_id, voted_by) unique constraint, so anonymous votes keep counting.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table votes alter column voted_by drop not null`.execute(db);
  await sql`alter table votes drop constraint votes_voted_by_fkey`.execute(db);
  await sql`alter table votes add constraint votes_voted_by_fkey foreign key (voted_by) references users (id) on delete set null`.execute(
    db,
  );
}
