/** An error whose message is a sentence meant for the user (form, CLI or JSON API). */
export class UserError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 401 | 403 | 404 | 409 | 429 | 503 = 400,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

export function pgErrorCode(err: unknown): string | undefined {
  return (err as { code?: string } | null)?.code;
}

/**
 * The constraint an error names. Citus returns a worker's error without the `constraint` field and
 * with the shard's name in the message (`votes_one_per_user_102013`): then it is read from the
 * message and the shard suffix dropped, so callers match one name on plain PostgreSQL and Citus.
 */
export function pgConstraint(err: unknown): string | undefined {
  const e = err as { constraint?: string; message?: unknown } | null;
  if (e?.constraint) return e.constraint;
  if (typeof e?.message !== 'string') return undefined;
  const named = /constraint "([^"]+)"/.exec(e.message)?.[1];
  return named?.replace(/_\d+$/, '');
}
