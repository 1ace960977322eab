// Benchmark-only baseline for `npm run bench -- overhead`: the same polls query as
// GET /api/polls (lib/features/polls/polls.ts listPollsQuery, first page, anonymous viewer), for ONE fixed
// schema and WITHOUT tenancy: no host resolution, no tenant context. A plain query on the same
// pooled connection (PgBouncer), with every table qualified with the schema (./qualified-polls.ts),
// sent the way tenantStatement sends the tenant's (one extended-protocol batch on a checked-out pg
// client) minus the tenant context in front of it; the answer is toPage's, like the route's.
// 404 unless the server was started with QUORUM_BENCH_BASELINE=1 (never set in production).
// Served by the JSON API (lib/api/routes/bench.ts).
import { NextResponse } from 'next/server';
import { pooledPgPool } from '@/lib/infra/db/pool';
import { prefixedQuery } from '@/lib/infra/db/prefixed-query';
import { toPage, DEFAULT_PAGE_SIZE } from '@/lib/features/polls/page';
import { validateSchemaName } from '@/lib/tenancy/schema-name';
import { qualifiedPollsSql } from './qualified-polls';
import { benchRoutesEnabled, benchSchema } from '@/lib/config/env';

// Compiled once per schema: the tenant route compiles its first page once too (lib/api/routes/polls.ts).
const compiled = new Map<string, { sql: string; parameters: unknown[] }>();

export async function baselinePolls(): Promise<Response> {
  if (!benchRoutesEnabled()) return NextResponse.json({ error: 'Not found.' }, { status: 404 });
  const checked = validateSchemaName(benchSchema());
  if (!checked.ok) return NextResponse.json({ error: 'QUORUM_BENCH_SCHEMA is not a valid schema name.' }, { status: 500 });
  const schema = checked.schema;
  let query = compiled.get(schema);
  if (!query) compiled.set(schema, (query = qualifiedPollsSql(schema)));
  const client = await pooledPgPool().connect();
  try {
    const rows = (await prefixedQuery(client, [], query.sql, query.parameters)).rows as { page_key: string; id: number }[];
    const { items, next_cursor } = toPage(rows, DEFAULT_PAGE_SIZE);
    return NextResponse.json({ tenant: schema, polls: items, next_cursor });
  } finally {
    client.release();
  }
}
