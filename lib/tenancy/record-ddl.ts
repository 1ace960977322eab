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
import { applyPending } from './migrate/apply';
import type { Migration } from '@/migrations/types';

// Compiles what applyPending(trx, migrations, true) sends to a fresh schema into plain SQL
// statements, without a database: the migrations themselves are the single source of the DDL.
// Used by the seeder to create many schemas in few round trips.

/** Statements a recording may contain: DDL, plain inserts and updates (a backfill: a no-op in a fresh schema), nothing that reads results. */
const WRITE_ONLY = /^\s*(create|alter|comment|insert|update|drop|grant|revoke)\b/i;

class RecordingConnection implements DatabaseConnection {
  constructor(private readonly out: CompiledQuery[]) {}
  async executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    if (!WRITE_ONLY.test(q.sql) || /\breturning\b/i.test(q.sql)) {
      throw new NotRecordable(`a migration statement needs its result: ${q.sql.slice(0, 80)}`);
    }
    this.out.push(q);
    return { rows: [] };
  }
  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new NotRecordable('a migration streams a query');
  }
}

class RecordingDriver implements Driver {
  constructor(private readonly out: CompiledQuery[]) {}
  async init() {}
  async acquireConnection() {
    return new RecordingConnection(this.out);
  }
  async beginTransaction() {}
  async commitTransaction() {}
  async rollbackTransaction() {}
  async releaseConnection() {}
  async destroy() {}
}

export class NotRecordable extends Error {}

/** A value as a PostgreSQL literal; only the plain types a migration record insert uses. */
function toLiteral(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'bigint') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'string') {
    if (v.includes('\0')) throw new NotRecordable('NUL in a parameter');
    return `'${v.replace(/'/g, "''")}'`;
  }
  if (v instanceof Date) return `'${v.toISOString()}'`;
  throw new NotRecordable(`parameter of type ${typeof v}`);
}

/** Replaces $1, $2, ... outside quoted strings/identifiers and comments with literals. */
export function inlineParameters(text: string, params: readonly unknown[]): string {
  if (params.length === 0) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      if (end === -1) throw new NotRecordable('unterminated quote');
      // Doubled quotes ('' or "") are two adjacent quoted runs; copying run by run is exact.
      out += text.slice(i, end + 1);
      i = end + 1;
    } else if (c === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      const stop = end === -1 ? text.length : end;
      out += text.slice(i, stop);
      i = stop;
    } else if (c === '$' && /[0-9]/.test(text[i + 1] ?? '') && !/[A-Za-z0-9_$]/.test(text[i - 1] ?? '')) {
      let j = i + 1;
      while (/[0-9]/.test(text[j] ?? '')) j++;
      const n = Number(text.slice(i + 1, j));
      if (n < 1 || n > params.length) throw new NotRecordable(`parameter $${n} out of range`);
      out += toLiteral(params[n - 1]);
      i = j;
    } else if (c === '$' || (c === '/' && text[i + 1] === '*') || (c === 'E' && text[i + 1] === "'")) {
      // Dollar quotes, block comments, E'' strings: not produced by kysely DDL; do not guess.
      throw new NotRecordable('unsupported lexical form in a migration statement');
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/**
 * The SQL statements applyPending(trx, migrations, knownEmpty = true) runs in a fresh schema
 * (search_path set to it), parameters inlined. Throws NotRecordable when a migration does
 * something a recording cannot reproduce (reads a result, streams, unusual literals); callers then
 * run applyPending for real.
 */
export async function recordFreshSchemaSql(migrations: Migration[]): Promise<string[]> {
  const out: CompiledQuery[] = [];
  const db = new Kysely<unknown>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new RecordingDriver(out),
      createIntrospector: (k) => new PostgresIntrospector(k),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
  try {
    await applyPending(db, migrations, true);
  } finally {
    await db.destroy();
  }
  return out.map((q) => inlineParameters(q.sql, q.parameters));
}
