import { isUnavailableError } from '@/lib/infra/db/pool';
import { UserError } from '@/lib/infra/errors';
import { log } from '@/lib/infra/log';
import { busyRefusal } from '@/lib/tenancy';
import type { FormState } from '@/lib/web/form-state';

/**
 * Turns an error thrown by lib code into a form state with a sentence: the one failure helper of
 * every server action (formAction calls it). UserErrors carry their own sentence and field
 * (`fieldNames` maps lib field names such as 'admin.email' to input names); anything else is
 * logged and shown as a generic sentence. Never pass redirect()/notFound() errors here.
 */
export function failure(
  err: unknown,
  values: Record<string, string> | undefined,
  action: string,
  fieldNames: Record<string, string> = {},
): FormState {
  if (err instanceof UserError) {
    const field = err.field ? (fieldNames[err.field] ?? err.field) : undefined;
    return { error: err.message, field, fieldErrors: field ? { [field]: err.message } : undefined, values };
  }
  const busy = busyRefusal(err);
  if (busy) {
    log.warn({ action, err: (err as Error).message }, 'tenant busy during action');
    return { error: busy.message, values };
  }
  if (isUnavailableError(err)) {
    log.warn({ action, err: (err as Error).message }, 'database unavailable during action');
    return { error: 'The database is not reachable right now. Please try again in a moment.', values };
  }
  log.error({ action, err: err instanceof Error ? err.message : String(err) }, 'action failed');
  return { error: 'Something went wrong on our side. Please try again.', values };
}
