import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { z } from 'zod';
import { UserError, pgConstraint, pgErrorCode } from '@/lib/infra/errors';
import { assertWithinQuota, type TenantDb } from '@/lib/tenancy';
import { CLOSED_SENTENCE, closesAtSchema } from './closing';
import { applyVoteDelta } from './counts';
import { toPage, type PageOptions, type PollCursor } from './page';
import { canChangePoll } from './permissions';

// Text fields: trimmed, non-empty, bounded, and free of control characters (NUL breaks PostgreSQL text).
const text = (label: string, max: number) =>
  z
    .string({ error: `${label} must be text.` })
    .trim()
    .min(1, `${label} is required.`)
    .max(max, `${label} is at most ${max} characters.`)
    .refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s), `${label} contains control characters.`);

export const choicesSchema = z
  .array(text('Each choice', 200), { error: 'Choices must be a list of texts.' })
  .min(2, 'A poll needs at least 2 choices.')
  .max(10, 'A poll has at most 10 choices.')
  .refine((cs) => new Set(cs.map((c) => c.toLowerCase())).size === cs.length, 'Choices must be different from each other.');

// The per-poll voting options (both off unless asked for): JSON booleans, nothing else.
const option = (name: string) => z.boolean({ error: `${name} must be true or false.` }).optional();
const voteOptions = { allow_vote_change: option('allow_vote_change'), hide_results: option('hide_results') };

export const newPollInput = z
  .object({ question: text('Question', 300), choices: choicesSchema, closes_at: closesAtSchema.optional(), ...voteOptions })
  .strict();
export const pollUpdateInput = z
  .object({
    question: text('Question', 300).optional(),
    choices: choicesSchema.optional(),
    closes_at: closesAtSchema.optional(),
    ...voteOptions,
  })
  .strict()
  .refine(
    (v) => Object.values(v).some((x) => x !== undefined),
    'Nothing to change: send question, choices, closes_at, allow_vote_change and/or hide_results.',
  );
// Ids are PostgreSQL integers: anything beyond 2^31-1 can name no row (and would be a type error there).
export const voteInput = z
  .object({
    choice_id: z.number({ error: 'choice_id must be a number.' }).int().positive().max(2_147_483_647, 'choice_id names no choice.'),
  })
  .strict();
export const pollId = z.coerce.number().int().positive().max(2_147_483_647);

export interface Actor {
  id: number;
  role: 'admin' | 'member';
}

export interface PollView {
  id: number;
  question: string;
  pub_date: Date;
  created_by: number | null;
  closes_at: Date | null;
  /** Voting has ended: the closing time is reached (whether or not the close_poll job has run yet). */
  closed: boolean;
  author: string | null;
  /** A second vote replaces the first while the poll is open. */
  allow_vote_change: boolean;
  /** Counts are withheld until the viewer has voted (or the poll has closed). */
  hide_results: boolean;
  /** This viewer may not see counts yet: total_votes and every choice's votes are null. */
  results_hidden: boolean;
  total_votes: number | null;
  my_choice_id: number | null;
  choices: { id: number; choice_text: string; votes: number | null }[];
}

const CLOSED = sql<boolean>`(p.closed_at is not null or (p.closes_at is not null and p.closes_at <= now()))`;

/**
 * Whether this viewer sees counts: always unless the poll hides them; then once the viewer has
 * voted or voting has ended. Anonymous readers (null) never have voted. Part of the statement, so
 * every reader of pollsQuery (pages, the JSON routes, the lean path) withholds the same counts.
 */
function resultsVisible(viewerId: number | null) {
  const voted =
    viewerId === null
      ? sql<boolean>`false`
      : sql<boolean>`exists (select 1 from votes v where v.poll_id = p.id and v.voted_by = ${viewerId})`;
  return sql<boolean>`(not p.hide_results or ${CLOSED} or ${voted})`;
}

function pollsQuery(db: TenantDb, viewerId: number | null) {
  const visible = resultsVisible(viewerId);
  return db
    .selectFrom('polls as p')
    .leftJoin('users as u', 'u.id', 'p.created_by')
    .select((eb) => [
      'p.id',
      'p.question',
      'p.pub_date',
      'p.created_by',
      'p.closes_at',
      CLOSED.as('closed'),
      // Anonymous readers (viewerId null: the public JSON API) never see emails, only names.
      viewerId === null
        ? sql<string | null>`nullif(u.name, '')`.as('author')
        : sql<string | null>`coalesce(nullif(u.name, ''), u.email)`.as('author'),
      'p.allow_vote_change',
      'p.hide_results',
      sql<boolean>`not ${visible}`.as('results_hidden'),
      // Counts come from the choices' counters (lib/polls/counts.ts): the cost does not grow with the votes.
      sql<number | null>`case when ${visible} then ${eb
        .selectFrom('choices as ct')
        .select(sql<number>`coalesce(sum(ct.vote_count), 0)::int`.as('n'))
        .whereRef('ct.poll_id', '=', 'p.id')} end`.as('total_votes'),
      // An anonymous reader has no vote: no lookup in the votes (the largest table of a busy tenant).
      viewerId === null
        ? sql<number | null>`null::int`.as('my_choice_id')
        : sql<number | null>`(select v.choice_id from votes v where v.poll_id = p.id and v.voted_by = ${viewerId})`.as('my_choice_id'),
      jsonArrayFrom(
        eb
          .selectFrom('choices as c')
          .select(['c.id', 'c.choice_text', sql<number | null>`case when ${visible} then c.vote_count end`.as('votes')])
          .whereRef('c.poll_id', '=', 'p.id')
          .orderBy('c.position')
          .orderBy('c.id'),
      ).as('choices'),
    ]);
}

/**
 * The newest polls, as one statement (for tenantStatement, or executed by listPolls): one page of
 * `limit` after `cursor` (keyset on pub_date desc, id desc), reading ONE extra row so toPage
 * (lib/features/polls/page.ts) can tell whether a next page exists. Each row carries `page_key` (pub_date in
 * microseconds, exact) for the cursor; toPage drops it.
 */
export function listPollsQuery(
  db: TenantDb,
  viewerId: number | null = null,
  { limit, cursor, before, search }: PageOptions = { limit: 200 },
) {
  let q = pollsQuery(db, viewerId).select(sql<string>`(extract(epoch from p.pub_date) * 1000000)::bigint::text`.as('page_key'));
  if (cursor) q = q.where(sql<boolean>`(p.pub_date, p.id) < (${cursorTime(cursor)}, ${cursor.id}::int)`);
  else if (before) q = q.where(sql<boolean>`(p.pub_date, p.id) > (${cursorTime(before)}, ${before.id}::int)`);
  if (search) q = q.where('p.question', 'ilike', searchPattern(search));
  // `before` reads the newer polls oldest first (the nearest ones); the caller reverses them.
  const dir = before && !cursor ? 'asc' : 'desc';
  return (
    q
      .orderBy('p.pub_date', dir)
      .orderBy('p.id', dir)
      // limit + 1 in SQL, not in JavaScript: the limit stays a parameter (preparedTenantQuery).
      .limit(sql<number>`${limit}::int + 1`)
  );
}

/** Whole microseconds from the epoch, added as an interval: exact (no float seconds). */
function cursorTime(c: PollCursor) {
  return sql`(timestamptz 'epoch' + ${c.micros}::bigint * interval '1 microsecond')`;
}

function searchPattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Where a page of the list is: how many polls (matching the search) there are, and how many are
 * newer than the page's first poll (`first`, its page key and id; none: page one).
 */
export async function pollListPosition(
  db: TenantDb,
  search: string | null,
  first: PollCursor | null,
): Promise<{ total: number; newer: number }> {
  const newer = first
    ? sql<number>`(count(*) filter (where (p.pub_date, p.id) > (${cursorTime(first)}, ${first.id}::int)))::int`
    : sql<number>`0`;
  let q = db.selectFrom('polls as p').select([sql<number>`count(*)::int`.as('total'), newer.as('newer')]);
  if (search) q = q.where('p.question', 'ilike', searchPattern(search));
  const row = await q.executeTakeFirstOrThrow();
  return { total: row.total, newer: row.newer };
}

/** One poll, as one statement. */
export function pollQuery(db: TenantDb, id: number, viewerId: number | null = null) {
  return pollsQuery(db, viewerId).where('p.id', '=', id);
}

/** The newest `limit` polls (no paging). */
export async function listPolls(db: TenantDb, viewerId: number | null = null, limit = 200): Promise<PollView[]> {
  return toPage(await listPollsQuery(db, viewerId, { limit }).execute(), limit).items;
}

export async function getPoll(db: TenantDb, id: number, viewerId: number | null = null): Promise<PollView | undefined> {
  return pollQuery(db, id, viewerId).executeTakeFirst();
}

/** Whether anyone has voted on the poll (for its editor: choices can then only be reworded). */
export async function pollHasVotes(db: TenantDb, id: number): Promise<boolean> {
  const row = await db.selectFrom('votes').select('id').where('poll_id', '=', id).limit(1).executeTakeFirst();
  return row !== undefined;
}

async function insertChoices(db: TenantDb, pollId: number, choices: string[]) {
  await db
    .insertInto('choices')
    .values(choices.map((choice_text, position) => ({ poll_id: pollId, choice_text, position })))
    .execute();
}

/** `limits.maxPolls`: the tenant's quota (its resolved tenant carries it); null or absent = none. */
export async function createPoll(
  db: TenantDb,
  actor: Actor,
  input: z.output<typeof newPollInput>,
  limits: { maxPolls?: number | null } = {},
): Promise<PollView> {
  await assertWithinQuota(db, 'polls', limits.maxPolls);
  const poll = await db
    .insertInto('polls')
    .values({
      question: input.question,
      created_by: actor.id,
      closes_at: input.closes_at ?? null,
      allow_vote_change: input.allow_vote_change ?? false,
      hide_results: input.hide_results ?? false,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await insertChoices(db, poll.id, input.choices);
  return (await getPoll(db, poll.id, actor.id))!;
}

async function editablePoll(db: TenantDb, actor: Actor, id: number) {
  const poll = await db
    .selectFrom('polls as p')
    .select(['p.id', 'p.created_by', CLOSED.as('closed')])
    .where('p.id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!poll) throw new UserError('Poll not found.', 404);
  if (!canChangePoll({ uid: actor.id, role: actor.role }, poll))
    throw new UserError('Only the poll’s creator or a tenant admin can change it.', 403);
  return poll;
}

export const STALE_EDIT =
  'Someone else saved changes to this poll after you opened it, so yours were not saved. Open the poll again to see their changes; your text is still here to copy.';

/**
 * A fingerprint of what the edit form shows (question, choices, closing time, options): the form
 * carries the one it was opened with, and a save made from an older one is refused instead of
 * silently undoing another tab's (or person's) save.
 */
export async function pollVersion(db: TenantDb, id: number): Promise<string | null> {
  const row = await db
    .selectFrom('polls as p')
    .select((eb) => [
      'p.question',
      'p.closes_at',
      'p.closed_at',
      'p.allow_vote_change',
      'p.hide_results',
      eb
        .selectFrom('choices as c')
        .select(sql<string[]>`coalesce(array_agg(c.choice_text order by c.position, c.id), '{}')`.as('texts'))
        .whereRef('c.poll_id', '=', 'p.id')
        .as('choices'),
    ])
    .where('p.id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  const text = JSON.stringify([row.question, row.closes_at, row.closed_at, row.allow_vote_change, row.hide_results, row.choices]);
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** `expectedVersion`: the pollVersion the editor's form was opened with (the API sends none). */
export async function updatePoll(
  db: TenantDb,
  actor: Actor,
  id: number,
  input: z.output<typeof pollUpdateInput>,
  expectedVersion?: string,
): Promise<PollView> {
  const poll = await editablePoll(db, actor, id);
  // The row is locked (editablePoll): no other save can land between this check and ours.
  if (expectedVersion !== undefined && (await pollVersion(db, id)) !== expectedVersion) throw new UserError(STALE_EDIT, 409);
  const options = { allow_vote_change: input.allow_vote_change, hide_results: input.hide_results };
  if (options.allow_vote_change !== undefined || options.hide_results !== undefined) {
    // The rules of a vote that has ended stay as they were (unless this same change reopens the poll).
    if (poll.closed && input.closes_at === undefined)
      throw new UserError('This poll is closed: its voting options can no longer change. Reopen it with a new closing time first.', 409);
    await db.updateTable('polls').set(options).where('id', '=', id).execute();
  }
  if (input.question !== undefined) await db.updateTable('polls').set({ question: input.question }).where('id', '=', id).execute();
  // A new closing time (or none) reopens a poll that had closed; its job is rescheduled by the caller.
  if (input.closes_at !== undefined)
    await db.updateTable('polls').set({ closes_at: input.closes_at, closed_at: null }).where('id', '=', id).execute();
  if (input.choices !== undefined) {
    const existing = await db
      .selectFrom('choices')
      .select(['id', 'choice_text'])
      .where('poll_id', '=', id)
      .orderBy('position')
      .orderBy('id')
      .execute();
    const votes = await db
      .selectFrom('choices')
      .select(sql<number>`coalesce(sum(vote_count), 0)::int`.as('n'))
      .where('poll_id', '=', id)
      .executeTakeFirstOrThrow();
    if (votes.n > 0) {
      // Once votes exist, only the wording of existing choices may change: counts must keep their meaning.
      if (input.choices.length !== existing.length)
        throw new UserError('This poll already has votes: choices can be reworded but not added or removed.', 409, 'choices');
      for (let i = 0; i < existing.length; i++) {
        if (existing[i].choice_text !== input.choices[i]) {
          await db.updateTable('choices').set({ choice_text: input.choices[i] }).where('id', '=', existing[i].id).execute();
        }
      }
    } else {
      await db.deleteFrom('choices').where('poll_id', '=', id).execute();
      await insertChoices(db, id, input.choices);
    }
  }
  return (await getPoll(db, id, actor.id))!;
}

export const ALREADY_CLOSED = 'This poll is already closed.';

/**
 * "Close voting now": the creator or an admin ends voting at once. The closing time becomes now
 * (so the poll reads "Voting closed on <now>"); the caller cancels the poll's close job.
 */
export async function closePollNow(db: TenantDb, actor: Actor, id: number): Promise<void> {
  const poll = await editablePoll(db, actor, id);
  if (poll.closed) throw new UserError(ALREADY_CLOSED, 409);
  await db
    .updateTable('polls')
    .set({ closes_at: sql`now()`, closed_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

export async function deletePoll(db: TenantDb, actor: Actor, id: number): Promise<void> {
  await editablePoll(db, actor, id);
  await db.deleteFrom('polls').where('id', '=', id).execute();
}

export const ALREADY_VOTED = 'You have already voted on this poll.';

/**
 * Records the actor's vote. On a poll that allows it, a second vote replaces the first (`replaced`
 * true): one row per voter is updated in place, so the counts never see both. The poll row is
 * share-locked for the vote's transaction, so closing the poll or switching its options waits for
 * votes in flight and a vote never runs under rules that changed under it.
 */
export async function castVote(
  db: TenantDb,
  actor: Actor,
  id: number,
  choiceId: number,
): Promise<{ id: number; poll_id: number; choice_id: number; replaced: boolean }> {
  const choice = await db.selectFrom('choices').select(['id', 'poll_id']).where('id', '=', choiceId).executeTakeFirst();
  const poll = await db
    .selectFrom('polls as p')
    .select(['p.id', 'p.allow_vote_change', CLOSED.as('closed')])
    .where('p.id', '=', id)
    .forShare()
    .executeTakeFirst();
  if (!poll) throw new UserError('Poll not found.', 404);
  if (!choice || choice.poll_id !== id) throw new UserError('That choice does not belong to this poll.', 400, 'choice_id');
  if (poll.closed) throw new UserError(CLOSED_SENTENCE, 409);
  try {
    // Each path moves the choices' counters in this same transaction (lib/polls/counts.ts).
    if (poll.allow_vote_change) {
      // The prior vote is row-locked before it is read, so two changes by one voter serialize and
      // each sees the choice the other left.
      const prior = await db
        .with('prior', (w) =>
          w.selectFrom('votes').select(['id', 'choice_id']).where('poll_id', '=', id).where('voted_by', '=', actor.id).forUpdate(),
        )
        .updateTable('votes')
        .from('prior')
        .set({ choice_id: choiceId, created_at: sql`now()` })
        .whereRef('votes.id', '=', 'prior.id')
        .returning(['votes.id', 'votes.poll_id', 'votes.choice_id', 'prior.choice_id as old_choice_id'])
        .executeTakeFirst();
      if (prior) {
        await applyVoteDelta(db, { add: choiceId, remove: prior.old_choice_id });
        return { id: prior.id, poll_id: prior.poll_id, choice_id: prior.choice_id, replaced: true };
      }
      // A first vote. Two at once from the same voter: the second waits for the first's row and
      // then takes the change path above (its next statement sees the committed row).
      const row = await db
        .insertInto('votes')
        .values({ poll_id: id, choice_id: choiceId, voted_by: actor.id })
        .onConflict((oc) => oc.columns(['poll_id', 'voted_by']).doNothing())
        .returning(['id', 'poll_id', 'choice_id'])
        .executeTakeFirst();
      if (!row) return castVote(db, actor, id, choiceId);
      await applyVoteDelta(db, { add: choiceId, remove: null });
      return { ...row, replaced: false };
    }
    const row = await db
      .insertInto('votes')
      .values({ poll_id: id, choice_id: choiceId, voted_by: actor.id })
      .returning(['id', 'poll_id', 'choice_id'])
      .executeTakeFirstOrThrow();
    await applyVoteDelta(db, { add: choiceId, remove: null });
    return { ...row, replaced: false };
  } catch (err) {
    if (pgErrorCode(err) === '23505' && (pgConstraint(err) ?? '').includes('votes_one_per_user')) {
      throw new UserError(ALREADY_VOTED, 409);
    }
    if (pgErrorCode(err) === '23503') throw new UserError('Poll not found.', 404);
    throw err;
  }
}
