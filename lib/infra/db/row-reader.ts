import pg from 'pg';

// Rows as objects, read the way pg reads them (the same type parsers, the same names, null for
// NULL, a repeated name's last value), but by a function made once per statement and row shape
// instead of pg's generic Result.addFields/parseRow on every query (issue 22: 9 % of the API's
// CPU on a list read). pg builds a dictionary-mode template per query and copies it per row; its
// per-query 'row' events and listener checks come on top. A reader made here builds each row as
// one object literal of a fixed shape, so V8 keeps every statement's rows fast and monomorphic.

/** A field of a RowDescription, as pg-protocol parses it. */
export interface RowField {
  name: string;
  dataTypeID: number;
  format: string;
}

type Parser = (value: string) => unknown;
type Build = (values: (string | null)[], parsers: Parser[]) => Record<string, unknown>;

export interface RowReader {
  fields: RowField[];
  parsers: Parser[];
  build: Build;
}

type Types = { getTypeParser: typeof pg.types.getTypeParser };

const MAX_READERS = 512;
/** Readers with pg's global parsers, by statement text. */
const readers = new Map<string, RowReader>();
/** Readers of a client with type overrides of its own (a pg `types` option, setTypeParser on the client). */
const overridden = new WeakMap<Types, Map<string, RowReader>>();

function empty(o: object | undefined): boolean {
  for (const _ in o) return false;
  return true;
}

/** The cache for parsers from `types`: the global one when they are pg's global parsers unchanged (every client's own TypeOverrides, by default). */
function cacheFor(types: Types | undefined): Map<string, RowReader> {
  const t = types as { _types?: unknown; text?: object; binary?: object } | undefined;
  if (!t || (t as unknown) === pg.types || (t._types === pg.types && empty(t.text) && empty(t.binary))) return readers;
  let m = overridden.get(types!);
  if (!m) overridden.set(types!, (m = new Map()));
  return m;
}

function sameShape(a: RowField[], b: RowField[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i]!.name !== b[i]!.name || a[i]!.dataTypeID !== b[i]!.dataTypeID || a[i]!.format !== b[i]!.format) return false;
  }
  return true;
}

/**
 * The row function for `fields`: `{ "<name>": values[i] === null ? null : parsers[i](values[i]), … }`.
 * Names are written as JSON string literals (any text is safe there) in computed keys, so a
 * column named __proto__ is an own property as with pg, not the object's prototype.
 */
function compile(fields: RowField[]): Build {
  const props = fields.map((f, i) => `[${JSON.stringify(f.name)}]: v[${i}] === null ? null : p[${i}](v[${i}])`);
  return new Function('v', 'p', `return { ${props.join(', ')} };`) as Build;
}

/**
 * The reader for the rows of statement `text` described by `fields`, or null where pg's own way
 * must be kept (binary fields). Parsers are pg's for each type (from `types`, the client's type
 * overrides, else pg's global ones), taken when the reader is made: a global setTypeParser after
 * a statement has run does not change it (lib/infra/db/pool.ts sets its parsers when it loads).
 */
export function rowReaderFor(text: string, fields: RowField[], types?: Types): RowReader | null {
  const cache = cacheFor(types);
  const known = cache.get(text);
  if (known && sameShape(known.fields, fields)) return known;
  for (const f of fields) if (f.format !== 'text') return null;
  const from = types ?? pg.types;
  const reader: RowReader = {
    fields,
    parsers: fields.map((f) => from.getTypeParser(f.dataTypeID, 'text') as Parser),
    build: compile(fields),
  };
  if (cache.size >= MAX_READERS) cache.clear();
  cache.set(text, reader);
  return reader;
}
