import { z } from 'zod';
import { UserError } from '@/lib/infra/errors';

// Keyset pagination of the polls list (newest first: pub_date desc, id desc). The cursor names the
// last poll of a page by its exact position: pub_date in microseconds since the epoch (a JS Date
// would drop microseconds and skip or repeat polls) and its id. Opaque to clients (base64url).

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;

export interface PollCursor {
  /** pub_date as whole microseconds since 1970-01-01 UTC, as a decimal string (beyond 2^53 safe as text). */
  micros: string;
  id: number;
}

export interface PageOptions {
  limit: number;
  cursor?: PollCursor | null;
  /** Instead of `cursor`: the page of polls just NEWER than this one (read oldest first; reverse the rows). */
  before?: PollCursor | null;
  /** Only polls whose question contains this text (case-insensitive); the polls page's search. */
  search?: string | null;
}

export function encodeCursor(c: PollCursor): string {
  return Buffer.from(`${c.micros}.${c.id}`).toString('base64url');
}

/** The cursor, or a UserError (400) with a sentence: a client must not get page one for a broken cursor. */
export function decodeCursor(raw: string): PollCursor {
  const text = /^[A-Za-z0-9_-]{1,64}$/.test(raw) ? Buffer.from(raw, 'base64url').toString() : '';
  const m = /^(-?\d{1,19})\.(\d{1,10})$/.exec(text);
  const id = m ? Number(m[2]) : 0;
  if (!m || id < 1 || id > 2_147_483_647) throw new UserError('cursor is not one this API returned; start again without it.');
  return { micros: m[1], id };
}

const limitParam = z
  .string()
  .regex(/^\d{1,4}$/, 'limit must be a whole number from 1 to 100.')
  .transform(Number)
  .refine((n) => n >= 1 && n <= MAX_PAGE_SIZE, `limit must be a whole number from 1 to ${MAX_PAGE_SIZE}.`);

/** `?limit=N&cursor=C` of GET /api/polls: limit 1–100 (default 50), cursor optional. Throws a UserError (400) with a sentence. */
export function pageParams(search: URLSearchParams): PageOptions {
  const rawLimit = search.get('limit');
  let limit = DEFAULT_PAGE_SIZE;
  if (rawLimit !== null) {
    const parsed = limitParam.safeParse(rawLimit);
    if (!parsed.success) throw new UserError(parsed.error.issues[0]!.message);
    limit = parsed.data;
  }
  const rawCursor = search.get('cursor');
  return { limit, cursor: rawCursor === null || rawCursor === '' ? null : decodeCursor(rawCursor) };
}

/**
 * A page from the rows of listPollsQuery (which reads limit + 1 to know whether more follow):
 * the first `limit` rows without their page key, and the cursor of the next page (null at the end).
 */
export function toPage<T extends { page_key: string; id: number }>(
  rows: T[],
  limit: number,
): { items: Omit<T, 'page_key'>[]; next_cursor: string | null } {
  const shown = rows.slice(0, limit);
  const last = shown[shown.length - 1];
  const next_cursor = rows.length > limit && last ? encodeCursor({ micros: last.page_key, id: last.id }) : null;
  return { items: shown.map(({ page_key: _key, ...rest }) => rest), next_cursor };
}
