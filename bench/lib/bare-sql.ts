// The SQL of every path the bare contender of `npm run bench -- peer` serves, taken from Quorum's
// own query functions (lib/features/polls/polls.ts, lib/features/auth/api-tokens.ts) so the two
// sides send the same statements: each function runs once here against a recording kysely driver
// (no database), with every table named with its schema (no tenant context needed), and with
// sentinel values where a request supplies one (the viewer, the poll, the choice, the cursor, the
// limit, the token's hash). The bare server (./bare-server.mjs) puts the request's values where
// the sentinels were: a parameter is either a literal `{ v }` or a request argument `{ arg }`.
import {
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
} from 'kysely';
import { hashToken, userForToken } from '@/lib/features/auth/api-tokens';
import { castVote, listPollsQuery, pollQuery } from '@/lib/features/polls/polls';
import type { TenantDb } from '@/lib/tenancy';

export type Param = { v: unknown } | { arg: string };
export interface Statement {
  text: string;
  params: Param[];
}

const SENTINEL_TOKEN = `qrm_${'S'.repeat(43)}`;
const SENTINELS = new Map<unknown, string>([
  [900_001, 'user'],
  [900_002, 'poll'],
  [900_003, 'choice'],
  [900_004, 'old'],
  ['900005', 'cursorMicros'],
  [900_006, 'cursorId'],
  [900_007, 'limit'], // listPollsQuery reads limit + 1 rows: `$n::int + 1` in SQL
  [900_008, 'limitPlus1'], // (when a query computes limit + 1 in JavaScript)
  [hashToken(SENTINEL_TOKEN), 'tokenHash'],
]);
const S = { user: 900_001, poll: 900_002, choice: 900_003, old: 900_004, cursor: { micros: '900005', id: 900_006 }, limit: 900_007 };

type Responder = (sql: string) => Record<string, unknown>[];

function recordingDb(schema: string, respond: Responder): { db: TenantDb; recorded: CompiledQuery[] } {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`schema ${schema} is not a plain identifier`);
  const recorded: CompiledQuery[] = [];
  const connection: DatabaseConnection = {
    executeQuery: <R>(q: CompiledQuery): Promise<QueryResult<R>> => {
      recorded.push(q);
      return Promise.resolve({ rows: respond(q.sql) as R[] });
    },
    // eslint-disable-next-line require-yield
    streamQuery: async function* () {
      throw new Error('not used');
    },
  };
  const driver: Driver = {
    init: async () => undefined,
    acquireConnection: async () => connection,
    beginTransaction: async () => undefined,
    commitTransaction: async () => undefined,
    rollbackTransaction: async () => undefined,
    releaseConnection: async () => undefined,
    destroy: async () => undefined,
  };
  const db = new Kysely<unknown>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => driver,
      createIntrospector: (d) => new PostgresIntrospector(d),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
  return { db: db.withSchema(schema) as unknown as TenantDb, recorded };
}

function template(schema: string, q: { sql: string; parameters: readonly unknown[] }): Statement {
  // withSchema qualifies the builders' tables; raw sql`` (the vote counts, userForToken's lookup and
  // its last-use update) names them bare.
  const text = q.sql.replace(/\b(from|join|into|update) (votes|polls|choices|users|api_tokens)\b/g, `$1 "${schema}"."$2"`);
  if (/\b(from|join|into|update) "?(votes|polls|choices|users|api_tokens)\b/.test(text))
    throw new Error(`unqualified table left in: ${text}`);
  return { text, params: q.parameters.map((p) => (SENTINELS.has(p) ? { arg: SENTINELS.get(p)! } : { v: p })) };
}

export interface BareSql {
  /** The token's user (userForToken): args tokenHash. */
  tokenUser: Statement;
  /** listPollsQuery by viewer (`anon` / `user`) and cursor (`first` / `after`): args user, limit (or limitPlus1), cursorMicros, cursorId. */
  list: Record<'anonFirst' | 'anonAfter' | 'userFirst' | 'userAfter', Statement>;
  /** pollQuery: args poll (and user). */
  poll: Record<'anon' | 'user', Statement>;
  /** castVote on a poll that allows changes, its statements in order: args user, poll, choice, old. */
  vote: { choice: Statement; poll: Statement; prior: Statement; lock: Statement; move: Statement; insert: Statement; add: Statement };
}

export async function bareSql(schema: string): Promise<BareSql> {
  const one = (build: (db: TenantDb) => { compile(): CompiledQuery }) =>
    template(schema, build(recordingDb(schema, () => []).db).compile());
  const list = (user: number | null, after: boolean) =>
    one((db) => listPollsQuery(db, user, { limit: S.limit, cursor: after ? S.cursor : null }));

  const token = recordingDb(schema, () => []);
  await userForToken(token.db, SENTINEL_TOKEN);

  // castVote twice: once finding a prior vote (the change path), once not (the first vote).
  const runVote = async (prior: boolean) => {
    const r = recordingDb(schema, (text) => {
      if (/^select "id", "poll_id" from .*"choices"/.test(text)) return [{ id: S.choice, poll_id: S.poll }];
      if (/ for share$/.test(text)) return [{ id: S.poll, allow_vote_change: true, closed: false }];
      if (/^with "prior"/.test(text)) return prior ? [{ id: 1, poll_id: S.poll, choice_id: S.choice, old_choice_id: S.old }] : [];
      if (/^insert into .*"votes"/.test(text)) return [{ id: 1, poll_id: S.poll, choice_id: S.choice }];
      return [];
    });
    await castVote(r.db, { id: S.user, role: 'member' }, S.poll, S.choice);
    return r.recorded.map((q) => template(schema, q));
  };
  const change = await runVote(true);
  const first = await runVote(false);
  if (change.length !== 5 || first.length !== 5) throw new Error(`castVote changed shape: ${change.length} / ${first.length} statements`);
  return {
    tokenUser: template(schema, token.recorded[0]),
    list: { anonFirst: list(null, false), anonAfter: list(null, true), userFirst: list(S.user, false), userAfter: list(S.user, true) },
    poll: { anon: one((db) => pollQuery(db, S.poll, null)), user: one((db) => pollQuery(db, S.poll, S.user)) },
    vote: { choice: change[0], poll: change[1], prior: change[2], lock: change[3], move: change[4], insert: first[3], add: first[4] },
  };
}
