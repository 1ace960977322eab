import { createHash, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { createGunzip, createGzip, type Gzip } from 'node:zlib';
import { z } from 'zod';
import { UserError } from '@/lib/infra/errors';

// The tenant export file: gzip'd JSON lines. A header, one line per row ({"t": table, "r": row}),
// grouped by table in foreign-key order, then a trailer with the row counts and the SHA-256 of
// every byte before it. The trailer makes truncation and corruption detectable before anything
// is written on import (an integrity check, not a signature: whoever edits the rows can also
// recompute the hash).

export const EXPORT_KIND = 'quorum-tenant-export';
export const EXPORT_FORMAT = 1;

export const exportHeader = z.object({
  kind: z.literal(EXPORT_KIND),
  format: z.literal(EXPORT_FORMAT),
  schema: z.string(),
  exported_at: z.string(),
  migrations: z.array(z.string()),
  tenant: z.object({
    name: z.string(),
    paid_until: z.string().nullable(),
    on_trial: z.boolean(),
    status: z.enum(['active', 'suspended']),
  }),
  domains: z.array(z.object({ domain: z.string(), is_primary: z.boolean(), verified: z.boolean().optional() })),
  tables: z.array(z.string()),
});
export type ExportHeader = z.infer<typeof exportHeader>;

const trailer = z.object({ end: z.literal(true), counts: z.record(z.string(), z.number().int().min(0)), sha256: z.string() });

export class ExportWriter {
  private readonly hash: Hash = createHash('sha256');
  private readonly gzip: Gzip = createGzip({ level: 1 });
  private readonly file: WriteStream;
  readonly counts: Record<string, number> = {};
  private done: Promise<unknown>;

  constructor(path: string, header: ExportHeader) {
    this.file = createWriteStream(path, { mode: 0o600 });
    this.gzip.pipe(this.file);
    this.done = once(this.file, 'close');
    this.file.on('error', () => undefined);
    for (const t of header.tables) this.counts[t] = 0;
    void this.line(JSON.stringify(header));
  }

  private async line(text: string): Promise<void> {
    await this.chunk(`${text}\n`);
  }

  /** Each of `rowsJson` is PostgreSQL's row_to_json text, written as is (no parse, no re-encode). */
  async rows(table: string, rowsJson: string[]): Promise<void> {
    if (!rowsJson.length) return;
    this.counts[table] += rowsJson.length;
    const prefix = `{"t":${JSON.stringify(table)},"r":`;
    await this.chunk(`${prefix}${rowsJson.join(`}\n${prefix}`)}}\n`);
  }

  private async chunk(buf: string): Promise<void> {
    this.hash.update(buf);
    if (!this.gzip.write(buf)) await once(this.gzip, 'drain');
  }

  async finish(): Promise<void> {
    const sha256 = this.hash.digest('hex');
    this.gzip.end(`${JSON.stringify({ end: true, counts: this.counts, sha256 })}\n`);
    await this.done;
  }

  /** Stops writing (the caller removes the partial file). */
  async abort(): Promise<void> {
    this.gzip.destroy();
    this.file.destroy();
  }
}

export interface ExportRow {
  t: string;
  r: Record<string, unknown>;
}

const bad = (why: string) => new UserError(`The export file is not usable: ${why}. Nothing was changed.`, 400, 'file');

async function* lines(path: string): AsyncGenerator<string> {
  const input = createReadStream(path);
  const gunzip = createGunzip();
  const errors: Error[] = [];
  const rl = createInterface({ input: input.pipe(gunzip), crlfDelay: Infinity });
  // A pipe does not forward errors: each one ends the line reader, and is reported below.
  const fail = (e: Error) => {
    errors.push(e);
    rl.close();
  };
  input.on('error', fail);
  gunzip.on('error', fail);
  try {
    for await (const l of rl) {
      if (errors.length) break;
      yield l;
    }
  } catch (e) {
    errors.push(e as Error);
  }
  if (errors.length) {
    const e = errors[0] as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') throw new UserError(`No such file: ${path}`, 400, 'file');
    if (e.code === 'Z_BUF_ERROR' || /unexpected end/i.test(e.message)) throw bad('it is truncated');
    throw bad(`it is not a gzip'd Quorum export (${e.message})`);
  }
}

/**
 * Reads the whole file once and checks it: header, every line, counts and the SHA-256 in the
 * trailer. Returns the header and counts; throws a UserError (nothing written) otherwise.
 */
export async function verifyExport(path: string): Promise<{ header: ExportHeader; counts: Record<string, number> }> {
  const hash = createHash('sha256');
  let header: ExportHeader | null = null;
  let end: z.infer<typeof trailer> | null = null;
  const counts: Record<string, number> = {};
  let order = 0;
  for await (const l of lines(path)) {
    if (end) throw bad('there is data after its end');
    let value: unknown;
    try {
      value = JSON.parse(l);
    } catch {
      throw bad(header ? 'a line is not valid JSON (truncated or edited)' : 'it does not start with a Quorum export header');
    }
    if (!header) {
      const h = exportHeader.safeParse(value);
      if (!h.success) throw bad('it does not start with a Quorum export header of a format this version reads');
      header = h.data;
      for (const t of header.tables) counts[t] = 0;
      hash.update(`${l}\n`);
      continue;
    }
    const v = value as Partial<ExportRow> & { end?: unknown };
    if (v.end !== undefined) {
      const t = trailer.safeParse(value);
      if (!t.success) throw bad('its trailer is malformed');
      end = t.data;
      continue;
    }
    hash.update(`${l}\n`);
    if (typeof v.t !== 'string' || !(v.t in counts) || typeof v.r !== 'object' || v.r === null) throw bad('a row names no known table');
    const idx = header.tables.indexOf(v.t);
    if (idx < order) throw bad('its rows are out of table order');
    order = idx;
    counts[v.t]++;
  }
  if (!header) throw bad('it is empty');
  if (!end) throw bad('it is truncated (no trailer)');
  if (end.sha256 !== hash.digest('hex')) throw bad('its checksum does not match (the file was altered or damaged)');
  for (const t of header.tables) if ((end.counts[t] ?? -1) !== counts[t]) throw bad(`its row count for ${t} does not match`);
  return { header, counts };
}

/** The rows of a verified file, in file order, batched per table. */
export async function* exportBatches(path: string, batchSize: number): AsyncGenerator<{ table: string; rows: unknown[] }> {
  let first = true;
  let table = '';
  let rows: unknown[] = [];
  for await (const l of lines(path)) {
    if (first) {
      first = false;
      continue;
    }
    const v = JSON.parse(l) as Partial<ExportRow> & { end?: unknown };
    if (v.end !== undefined) break;
    if (v.t !== table || rows.length >= batchSize) {
      if (rows.length) yield { table, rows };
      table = v.t as string;
      rows = [];
    }
    rows.push(v.r);
  }
  if (rows.length) yield { table, rows };
}
