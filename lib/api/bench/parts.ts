// Benchmark-only: the parts of the tenant request path in isolation, for the decomposition in
// `npm run bench -- overhead`. Each variant answers with the same tiny JSON around `select $1`
// (one parameter, like every query the builders produce):
//   ?v=plain   pooled `select $1` through kysely (no tenancy at all)
//   ?v=tx      withTenant(QUORUM_BENCH_SCHEMA): BEGIN + the tenant context sent with the
//              statement, then COMMIT
//   ?v=stmt    tenantStatement: the tenant context + the statement in one batch (one implicit transaction)
//   ?v=host    host → tenant resolution (as every tenant API request), no transaction
//   ?v=plainraw / ?v=txraw   the same as plain / tx on the bare pg client (no kysely), to tell the
//              cost of the extra round trips from the cost of the query builder around them
// 404 unless the server was started with QUORUM_BENCH_BASELINE=1 (never set in production).
// Served by the JSON API (lib/api/routes/bench.ts).
import { NextResponse } from 'next/server';
import { sql } from 'kysely';
import { pooledDb, pooledPgPool } from '@/lib/infra/db/pool';
import { activeTenantForHost, setTenantSchemaSql, tenantStatement, withTenant } from '@/lib/tenancy';
import { validateSchemaName } from '@/lib/tenancy/schema-name';
import { benchRoutesEnabled, benchSchema } from '@/lib/config/env';

async function viaHost(host: string): Promise<Response> {
  const tenant = await activeTenantForHost(host);
  const r = await sql<{ x: number }>`select ${1}::int as x`.execute(pooledDb());
  return NextResponse.json({ tenant: tenant.schema, rows: r.rows });
}

/** `host`: the request's host as the server classified it (a tenant host). */
export async function benchParts(req: Request, host: string): Promise<Response> {
  if (!benchRoutesEnabled()) return NextResponse.json({ error: 'Not found.' }, { status: 404 });
  const checked = validateSchemaName(benchSchema());
  if (!checked.ok) return NextResponse.json({ error: 'QUORUM_BENCH_SCHEMA is not a valid schema name.' }, { status: 500 });
  const schema = checked.schema;
  switch (new URL(req.url).searchParams.get('v')) {
    case 'plain': {
      const r = await sql<{ x: number }>`select ${1}::int as x`.execute(pooledDb());
      return NextResponse.json({ tenant: schema, rows: r.rows });
    }
    case 'tx': {
      const r = await withTenant({ schema }, (db) => sql<{ x: number }>`select ${1}::int as x`.execute(db));
      return NextResponse.json({ tenant: schema, rows: r.rows });
    }
    case 'stmt': {
      const rows = await tenantStatement({ schema }, (db) => db.selectNoFrom(sql<number>`${1}::int`.as('x')));
      return NextResponse.json({ tenant: schema, rows });
    }
    case 'host':
      return viaHost(host);
    case 'plainraw': {
      const c = await pooledPgPool().connect();
      try {
        const r = await c.query<{ x: number }>('select $1::int as x', [1]);
        return NextResponse.json({ tenant: schema, rows: r.rows });
      } finally {
        c.release();
      }
    }
    case 'txraw': {
      const c = await pooledPgPool().connect();
      try {
        await c.query(`begin; ${setTenantSchemaSql(schema)}`);
        const r = await c.query<{ x: number }>('select $1::int as x', [1]);
        await c.query('commit');
        return NextResponse.json({ tenant: schema, rows: r.rows });
      } finally {
        c.release();
      }
    }
    default:
      return NextResponse.json({ error: 'v must be plain, tx, stmt, host, plainraw or txraw.' }, { status: 400 });
  }
}
