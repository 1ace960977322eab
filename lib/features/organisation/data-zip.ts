import { Readable } from 'node:stream';
import { ZipFile } from 'yazl';
import { tenantStatement, type TenantDb, type TenantRef } from '@/lib/tenancy';

// "Download your data": a ZIP of CSV files (polls, choices with their vote counts, votes, users
// without password hashes), streamed. Each file is read in pages of PAGE rows by id, each page one statement in
// its own short transaction: memory stays flat and no pooled connection is held while a slow
// client downloads. (Pages, not one snapshot: a vote cast during the download may or may not
// be in it, as with any export of a live service.)

const PAGE = 5000;

type Cell = string | number | boolean | Date | null;

/** RFC 4180 field: quoted when it holds a comma, quote or line break; a leading = + - @ is defused for spreadsheets. */
export function csvField(v: Cell): string {
  if (v === null) return '';
  let s = v instanceof Date ? v.toISOString() : String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: Cell[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

const sheets = {
  'polls.csv': ['id', 'question', 'created_by', 'pub_date', 'closes_at', 'allow_vote_change', 'hide_results'],
  'choices.csv': ['id', 'poll_id', 'choice_text', 'position', 'vote_count'],
  'votes.csv': ['id', 'poll_id', 'choice_id', 'voted_by', 'created_at'],
  'users.csv': ['id', 'email', 'name', 'role', 'created_at'],
} as const;
type SheetName = keyof typeof sheets;
export const DATA_FILES = Object.keys(sheets) as SheetName[];

function page(db: TenantDb, file: SheetName, after: number) {
  const table = file.replace('.csv', '') as 'polls' | 'choices' | 'votes' | 'users';
  return db
    .selectFrom(table)
    .select(sheets[file] as unknown as 'id'[])
    .where('id', '>', after)
    .orderBy('id')
    .limit(PAGE);
}

async function* csvText(tenant: TenantRef, file: SheetName): AsyncGenerator<string> {
  const columns = sheets[file];
  // A UTF-8 byte-order mark first: spreadsheets (Excel) then read names like "Zoë" correctly.
  yield `\uFEFF${csvLine([...columns])}`;
  let after = 0;
  for (;;) {
    const rows = (await tenantStatement(tenant, (db) => page(db, file, after))) as unknown as Record<string, Cell>[];
    if (rows.length) yield rows.map((r) => csvLine(columns.map((c) => r[c]))).join('');
    if (rows.length < PAGE) return;
    after = Number(rows[rows.length - 1].id);
  }
}

/** The ZIP as a byte stream; each CSV is produced only when the archive reaches it. */
export function tenantDataZip(tenant: TenantRef): Readable {
  const zip = new ZipFile();
  const mtime = new Date();
  for (const file of DATA_FILES) zip.addReadStream(Readable.from(csvText(tenant, file)), file, { mtime });
  zip.end();
  return zip.outputStream as Readable;
}
