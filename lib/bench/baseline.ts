// Benchmark-only baseline for `npm run bench -- overhead`: the same polls query as
// GET /api/polls (lib/polls/polls.ts listPolls, anonymous viewer), for ONE fixed schema and
// WITHOUT tenancy: no host resolution, no tenant context. A plain query on the
// same pooled connection (PgBouncer), with every table qualified with the schema, sent the
// way tenantStatement sends the tenant's (compiled by kysely, one extended-protocol batch on a
// checked-out pg client) minus the tenant context in front of it.
// 404 unless the server was started with QUORUM_BENCH_BASELINE=1 (never set in production).
// Served by app/sites/[host]/api/bench/baseline/route.ts.
import { NextResponse } from 'next/server';
import { sql, type Kysely } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { pooledDb, pooledPgPool } from '@/lib/db/pool';
import { prefixedQuery } from '@/lib/db/prefixed-query';
import { validateSchemaName } from '@/lib/tenancy/schema-name';

export async function baselinePolls(): Promise<Response> {
  if (process.env.QUORUM_BENCH_BASELINE !== '1') return NextResponse.json({ error: 'Not found.' }, { status: 404 });
  const checked = validateSchemaName(process.env.QUORUM_BENCH_SCHEMA ?? '');
  if (!checked.ok) return NextResponse.json({ error: 'QUORUM_BENCH_SCHEMA is not a valid schema name.' }, { status: 500 });
  const schema = checked.schema;
  // Every table named with its schema (not withSchema, whose plugin rewrites each query's tree and
  // would make the baseline dearer than the tenant route it is compared with).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const db = pooledDb() as unknown as Kysely<any>;
  const votes = sql.table(`${schema}.votes`);
  const viewerId = -1; // anonymous, like GET /api/polls without a bearer token
  const query = db
    .selectFrom(`${schema}.polls as p`)
    .leftJoin(`${schema}.users as u`, 'u.id', 'p.created_by')
    .select((eb) => [
      'p.id',
      'p.question',
      'p.pub_date',
      'p.created_by',
      sql<string | null>`coalesce(nullif(u.name, ''), u.email)`.as('author'),
      sql<number>`(select count(*)::int from ${votes} v where v.poll_id = p.id)`.as('total_votes'),
      sql<number | null>`(select v.choice_id from ${votes} v where v.poll_id = p.id and v.voted_by = ${viewerId})`.as('my_choice_id'),
      jsonArrayFrom(
        eb
          .selectFrom(`${schema}.choices as c`)
          .select(['c.id', 'c.choice_text', sql<number>`(select count(*)::int from ${votes} v where v.choice_id = c.id)`.as('votes')])
          .whereRef('c.poll_id', '=', 'p.id')
          .orderBy('c.position')
          .orderBy('c.id'),
      ).as('choices'),
    ])
    .orderBy('p.pub_date', 'desc')
    .orderBy('p.id', 'desc')
    .limit(200)
    .compile();
  const client = await pooledPgPool().connect();
  try {
    const polls = (await prefixedQuery(client, [], query.sql, query.parameters)).rows;
    return NextResponse.json({ tenant: schema, polls });
  } finally {
    client.release();
  }
}
