// The SQL of GET /api/polls (lib/features/polls/polls.ts listPollsQuery, first page, anonymous viewer) with
// every table named with its schema, so it runs without a tenant context: the "no tenancy" side of
// `npm run bench -- overhead` (./baseline.ts) and the bare node:http + pg limit of `bench peer`.
// Compiled by kysely without a database; callers compile once and reuse the text.
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import { DEFAULT_PAGE_SIZE } from '@/lib/features/polls/page';
import { listPollsQuery } from '@/lib/features/polls/polls';
import type { TenantDb } from '@/lib/tenancy';

export function qualifiedPollsSql(schema: string): { sql: string; parameters: unknown[] } {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`schema ${schema} is not a plain identifier`);
  const db = new Kysely<unknown>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (d) => new PostgresIntrospector(d),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
  const q = listPollsQuery(db.withSchema(schema) as unknown as TenantDb, null, { limit: DEFAULT_PAGE_SIZE }).compile();
  // withSchema qualifies the builder's tables; the raw sql`` fragments name `votes` bare.
  const text = q.sql.replace(/\bfrom votes v\b/g, `from "${schema}"."votes" v`);
  if (/\bfrom (votes|polls|choices|users)\b/.test(text)) throw new Error(`unqualified table left in: ${text}`);
  return { sql: text, parameters: [...q.parameters] };
}
