import { sql } from 'kysely';
import { RECOUNT_VOTES_SQL } from '@/migrations/tenant/2026_12_05_201_choice_vote_counts';
import type { TenantDb } from '@/lib/tenancy';

// Vote counts kept with the data (issue 21, part 1): choices.vote_count is the number of votes on
// the choice, changed by the application in the vote's own transaction (castVote), so reading
// results costs the same at 1 vote and at 1,000,000. A poll's total is the sum over its choices
// (2 to 10 rows), so there is no second counter to keep in step: deleting a choice or a poll
// takes its counters with it, and removing a user keeps the votes (voted_by → NULL) and so the
// counts. Bulk writers (import, clone, the seeders) recount with RECOUNT_VOTES_SQL in their own
// transaction. `tenants check --counts [--repair]` finds and repairs drift.
//
// Application updates, not triggers: castVote is the only path that adds or moves a vote, so the
// counter change sits beside the vote's statement, visible and reviewed with it. Triggers would
// need, per tenant schema, a trigger function usable by the tenant role in two-role mode, and on
// Citus `citus.enable_unsafe_triggers` (Citus refuses triggers on distributed tables otherwise; the
// trigger body then runs on the worker's shard, which Citus does not vouch for); a row trigger
// would also turn a bulk load of 1,000,000 votes into 1,000,000 counter updates. Here every
// statement of a vote stays in the tenant's one colocated shard group (a router query on Citus),
// and bulk loads recount once.

/**
 * Moves one vote between choices: +1 on `add`, -1 on `remove` (either may be null, both the same
 * is no change). The rows are locked in id order first, so two voters moving votes in opposite
 * directions never deadlock.
 */
export async function applyVoteDelta(db: TenantDb, change: { add: number | null; remove: number | null }): Promise<void> {
  const { add, remove } = change;
  if (add === remove) return;
  const ids = [add, remove].filter((x): x is number => x !== null).sort((a, b) => a - b);
  // FOR NO KEY UPDATE, the lock the UPDATE itself takes: FOR UPDATE would also wait for the KEY
  // SHARE locks that other votes' foreign keys hold on these choices, while they wait for it (a deadlock).
  if (ids.length > 1) await db.selectFrom('choices').select('id').where('id', 'in', ids).orderBy('id').forNoKeyUpdate().execute();
  await db
    .updateTable('choices')
    .set({ vote_count: sql`vote_count + case when id = ${add ?? -1}::int then 1 else -1 end` })
    .where('id', 'in', ids)
    .execute();
}

export { RECOUNT_VOTES_SQL };

/** Sets every choice's counter from its votes; returns how many choices were corrected. */
export async function recountVotes(db: TenantDb): Promise<number> {
  const r = await sql.raw(RECOUNT_VOTES_SQL).execute(db);
  return Number(r.numAffectedRows ?? 0);
}

export interface CountDrift {
  choice_id: number;
  poll_id: number;
  counter: number;
  actual: number;
}

/**
 * The choices whose counter differs from count(*) of their votes. One statement, so one snapshot:
 * a vote and its counter change commit together, so traffic going on shows no false drift.
 */
export async function countDrift(db: TenantDb): Promise<CountDrift[]> {
  const r = await sql<CountDrift>`select c.id as choice_id, c.poll_id, c.vote_count as counter, coalesce(v.n, 0)::int as actual
    from choices c
    left join (select choice_id, count(*) as n from votes group by choice_id) v on v.choice_id = c.id
    where c.vote_count <> coalesce(v.n, 0)
    order by c.id`.execute(db);
  return r.rows;
}

/**
 * Repairs the counters (in the caller's transaction): the votes are share-locked first (writers
 * wait, readers go on), so no vote commits between the recount's snapshot and its writes.
 */
export async function repairCounts(db: TenantDb): Promise<number> {
  await sql`lock table votes in share mode`.execute(db);
  return recountVotes(db);
}
