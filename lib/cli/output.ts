import { CommanderError, InvalidArgumentError } from 'commander';
import { UserError } from '@/lib/infra/errors';

// Kept light (no pg, zod or kysely imports): --help and option errors should not load them.

/** Exit codes: 0 ok, 1 bad input / something reported as failed or behind, 2 unexpected error. */
export const EXIT_FAIL = 1;
export const EXIT_UNEXPECTED = 2;

export function out(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/** Progress and notes go to stderr, so stdout stays machine-readable. */
export function note(line: string): void {
  process.stderr.write(`${line}\n`);
}

export function oneLine(s: string): string {
  return s.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

export function ms(n: number): string {
  return n >= 10_000 ? `${(n / 1000).toFixed(1)} s` : `${Math.round(n)} ms`;
}

interface ZodLikeError {
  issues: { path: PropertyKey[]; message: string }[];
}

function isZodError(err: unknown): err is ZodLikeError {
  return err instanceof Error && err.name === 'ZodError' && Array.isArray((err as Partial<ZodLikeError>).issues);
}

/** pg's DatabaseError: an error PostgreSQL sent, with its SQLSTATE. */
export function isDatabaseError(err: unknown): err is Error & { code: string } {
  return err instanceof Error && err.name === 'error' && typeof (err as { code?: unknown }).code === 'string' && 'severity' in err;
}

/** The one-line reason and exit code for anything a command throws. */
export function describeError(err: unknown): { message: string; code: number } {
  if (err instanceof UserError || err instanceof InvalidArgumentError) return { message: oneLine(err.message), code: EXIT_FAIL };
  if (isZodError(err)) {
    const issue = err.issues[0];
    const where = issue?.path.length ? `${issue.path.map(String).join('.')}: ` : '';
    return { message: oneLine(`${where}${issue?.message ?? 'invalid input'}`), code: EXIT_FAIL };
  }
  if (err instanceof CommanderError) return { message: oneLine(err.message.replace(/^error: /, '')), code: err.exitCode || EXIT_FAIL };
  if (isDatabaseError(err)) {
    // A fresh database: the shared tables do not exist until the first `migrate`.
    if (err.code === '42P01' && /relation "(public\.)?(tenants|domains|superusers|quorum_migrations)"/.test(err.message)) {
      return {
        message: oneLine(`database: ${err.message}; the shared schema is not migrated yet (run: npm run tenants -- migrate)`),
        code: EXIT_FAIL,
      };
    }
    return { message: oneLine(`database: ${err.message}`), code: EXIT_UNEXPECTED };
  }
  if (err instanceof Error) return { message: oneLine(err.message || err.name), code: EXIT_UNEXPECTED };
  return { message: oneLine(String(err)), code: EXIT_UNEXPECTED };
}

/** Rows as an aligned text table (no box drawing: easy to grep and to paste). */
export function printTable(rows: Record<string, unknown>[]): void {
  if (rows.length === 0) return;
  const cols = Array.from(new Set(rows.flatMap((r) => Object.keys(r))));
  const cell = (v: unknown): string => {
    if (v === null || v === undefined) return '';
    if (v instanceof Date) return v.toISOString();
    if (typeof v === 'object') return JSON.stringify(v);
    return oneLine(String(v));
  };
  const cells = rows.map((r) => cols.map((c) => cell(r[c])));
  const width = cols.map((c, i) => Math.min(60, Math.max(c.length, ...cells.map((r) => r[i].length))));
  const fmt = (vals: string[]) =>
    vals
      .map((v, i) => (v.length > width[i] ? `${v.slice(0, width[i] - 1)}…` : v.padEnd(width[i])))
      .join('  ')
      .trimEnd();
  out(fmt(cols));
  out(fmt(width.map((w) => '-'.repeat(w))));
  for (const r of cells) out(fmt(r));
}
