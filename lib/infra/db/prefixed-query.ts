import pg from 'pg';
import { rowReaderFor, type RowField, type RowReader } from './row-reader';

/** A statement sent ahead of a query in the same extended-protocol batch; its rows are dropped. */
export interface PrefixStatement {
  readonly text: string;
  /** Not changed by the query (a statement may be shared by many). */
  readonly values: readonly unknown[];
}

/**
 * A pg query preceded, in the SAME round trip, by a few statements whose results are discarded:
 *   Parse/Bind/Execute(prefix 1) … Parse/Bind/Describe/Execute(query) Sync
 * PostgreSQL runs everything before the Sync in one transaction (an implicit one, unless a prefix
 * is BEGIN), and skips the rest of the batch after an error, so the query never runs without its
 * prefix. Used for the tenant context (lib/tenancy/with-tenant.ts): the statement that sets it
 * travels in front of the query, with or without an explicit BEGIN.
 *
 * Only single statements: the extended protocol refuses several commands in one Parse.
 */
// pg.Query's protocol hooks are not in its type declarations; this is the part used here.
interface QueryInternals {
  text: string;
  callback: unknown;
  _canceledDueToError: unknown;
  _rowMode: string | undefined;
  _result: { fields: RowField[]; rows: unknown[]; _parsers: unknown; _types?: { getTypeParser: typeof pg.types.getTypeParser } };
  _accumulateRows: boolean;
  _checkForMultirow(): void;
  listenerCount(event: string): number;
  emit(event: string, ...args: unknown[]): boolean;
  requiresPreparation(): boolean;
  prepare(connection: unknown): void;
  handleRowDescription(msg: { fields: RowField[] }): void;
  handleDataRow(msg: { fields: (string | null)[] }): void;
  handleCommandComplete(msg: unknown, connection: unknown): void;
}
// (text, values, callback): a string config is not copied (pg copies an object config's property
// descriptors on every query).
const BaseQuery = pg.Query as unknown as new (text: string, values: unknown[], callback: unknown) => QueryInternals;

export class PrefixedQuery extends BaseQuery {
  #prefix: PrefixStatement[];
  #skip: number;

  constructor(
    prefix: PrefixStatement[],
    text: string,
    values: unknown[] | undefined,
    callback: (err: Error | null, res: pg.QueryResult) => void,
  ) {
    super(text, values ?? [], callback);
    this.#prefix = prefix;
    this.#skip = prefix.length;
  }

  override requiresPreparation(): boolean {
    return true;
  }

  override prepare(connection: unknown): void {
    const con = connection as {
      parse(c: { text: string; name: string; types: unknown[] }): void;
      bind(c: { portal: string; statement: string; values: readonly unknown[]; valueMapper: (v: unknown) => unknown }): void;
      execute(c: { portal: string; rows?: number }): void;
    };
    for (const p of this.#prefix) {
      con.parse({ text: p.text, name: '', types: [] });
      con.bind({ portal: '', statement: '', values: p.values, valueMapper: prepareValue });
      con.execute({ portal: '' });
    }
    super.prepare(connection);
  }

  /** The statement's rows are read by ./row-reader.ts (null: by pg, as for any query). */
  #reader: RowReader | null = null;

  // Only the statement is described (the prefix statements are not), so this is its RowDescription.
  override handleRowDescription(msg: { fields: RowField[] }): void {
    const reader =
      this._rowMode === undefined && this.listenerCount('row') === 0 ? rowReaderFor(this.text, msg.fields, this._result._types) : null;
    if (!reader) {
      this.#reader = null;
      super.handleRowDescription(msg);
      return;
    }
    this._checkForMultirow();
    this._result.fields = msg.fields;
    this._result._parsers = reader.parsers;
    this._accumulateRows = true;
    this.#reader = reader;
  }

  // The prefix statements' data rows and command tags are dropped until the last of them completes.
  override handleDataRow(msg: { fields: (string | null)[] }): void {
    if (this.#skip !== 0) return;
    const reader = this.#reader;
    if (!reader) return super.handleDataRow(msg);
    // As pg: a row whose value a parser refuses fails the query (at ReadyForQuery), the rest are skipped.
    if (this._canceledDueToError) return;
    try {
      this._result.rows.push(reader.build(msg.fields, reader.parsers));
    } catch (err) {
      this._canceledDueToError = err;
    }
  }

  override handleCommandComplete(msg: unknown, connection: unknown): void {
    if (this.#skip > 0) {
      this.#skip--;
      return;
    }
    super.handleCommandComplete(msg, connection);
  }
}

// pg's own parameter serialisation (dates, buffers, arrays, JSON), as for any other query.
const prepareValue = (pg as unknown as { utils: { prepareValue: (v: unknown) => unknown } }).utils.prepareValue;

/** Runs `text` with `prefix` in front of it on `client`, in one round trip. */
export function prefixedQuery<R extends pg.QueryResultRow = pg.QueryResultRow>(
  client: pg.ClientBase,
  prefix: PrefixStatement[],
  text: string,
  values?: readonly unknown[],
  /** pg's client-side query_timeout (ms): the promise rejects with "Query read timeout" after it. */
  queryTimeoutMs?: number,
): Promise<pg.QueryResult<R>> {
  return new Promise((resolve, reject) => {
    const q = new PrefixedQuery(prefix, text, values ? [...values] : [], (err, res) =>
      err ? reject(err) : resolve(res as pg.QueryResult<R>),
    );
    if (queryTimeoutMs) (q as unknown as { query_timeout: number }).query_timeout = queryTimeoutMs;
    client.query(q as never);
  });
}
