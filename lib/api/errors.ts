// The ONE mapping from anything a JSON API handler throws to its answer: `{error: "<sentence>"}`
// with the status the sentence belongs to. Every route of lib/api goes through it (app.onError and
// the not-found handler), so a new refusal — e.g. the fair-share scheduler's 503 + Retry-After or a
// per-tenant rate limit's 429 — is one more branch here.
import { ZodError } from 'zod';
import type { Logger } from 'pino';
import { isUnavailableError } from '@/lib/infra/db/pool';
import { UserError } from '@/lib/infra/errors';
import { busyRefusal } from '@/lib/tenancy';
import { jsonAnswer, type Answer } from './answer';

/** `{error}` with a status (and headers such as Retry-After). */
export function jsonError(status: number, error: string, headers?: Record<string, string>): Answer {
  return jsonAnswer({ error }, status, headers);
}

/** Maps any thrown value to a JSON response: sentences for users, 503 when the database is away, 500 otherwise. */
export function errorResponse(err: unknown, log: Logger): Answer {
  if (err instanceof UserError) return jsonError(err.status, err.message);
  if (err instanceof ZodError) return jsonError(400, err.issues[0]?.message ?? 'Invalid input.');
  // The tenant's share of database work is used up, or its statement ran into its timeout (issue 21).
  const busy = busyRefusal(err);
  if (busy) {
    log.warn({ err: (err as Error).message }, 'tenant busy');
    return jsonError(503, busy.message, { 'Retry-After': String(busy.retryAfterSeconds) });
  }
  if (isUnavailableError(err)) {
    log.warn({ err: (err as Error).message }, 'database unavailable');
    return jsonError(503, 'The service is temporarily unavailable; try again in a moment.', { 'Retry-After': '1' });
  }
  log.error({ err }, 'request failed');
  return jsonError(500, 'Something went wrong on our side.');
}
