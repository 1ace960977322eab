import pg from 'pg';

/** A statement sent ahead of a query in the same extended-protocol batch; its rows are dropped. */
export interface PrefixStatement {
  text: string;
  values: unknown[];
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
  requiresPreparation(): boolean;
  prepare(connection: unknown): void;
  handleDataRow(msg: unknown): void;
  handleCommandComplete(msg: unknown, connection: unknown): void;
}
const BaseQuery = pg.Query as unknown as new (
  config: { text: string; values: unknown[] },
  values: undefined,
  callback: unknown,
) => QueryInternals;

export class PrefixedQuery extends BaseQuery {
  #prefix: PrefixStatement[];
  #skip: number;

  constructor(
    prefix: PrefixStatement[],
    text: string,
    values: unknown[] | undefined,
    callback: (err: Error | null, res: pg.QueryResult) => void,
  ) {
    super({ text, values: values ?? [] }, undefined, callback);
    this.#prefix = prefix;
    this.#skip = prefix.length;
  }

  override requiresPreparation(): boolean {
    return true;
  }

  override prepare(connection: unknown): void {
    const con = connection as {
      parse(c: { text: string; name: string; types: unknown[] }): void;
      bind(c: { portal: string; statement: string; values: unknown[]; valueMapper: (v: unknown) => unknown }): void;
      execute(c: { portal: string; rows?: number }): void;
    };
    for (const p of this.#prefix) {
      con.parse({ text: p.text, name: '', types: [] });
      con.bind({ portal: '', statement: '', values: p.values, valueMapper: prepareValue });
      con.execute({ portal: '' });
    }
    super.prepare(connection);
  }

  // The prefix statements are not described, so no RowDescription comes for them; their data rows
  // and command tags are dropped until the last of them completes.
  override handleDataRow(msg: unknown): void {
    if (this.#skip === 0) super.handleDataRow(msg);
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
