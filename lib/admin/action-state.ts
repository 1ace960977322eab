// What every superuser-area server action returns to its useActionState form, and the helpers
// that build it. Not a 'use server' file: only the actions themselves live in lib/actions/admin.
import { revalidatePath } from 'next/cache';
import { formStateFromIssues, type FormState } from '@/components/ui/form-state';
import { isUnavailableError } from '@/lib/db/pool';
import { UserError } from '@/lib/errors';
import { log } from '@/lib/log';

/**
 * `{ ok: true, message? }` on success; `{ error, field?, fieldErrors?, values? }` on failure.
 * `field` is the form input the error belongs to (also keyed in `fieldErrors` for the inline error);
 * `values` are the submitted inputs (never passwords) so the form keeps them.
 */
export type AdminActionState = FormState & { field?: string };

// Client components import the initial state from ./form-defaults (this module is server-only).
export { initialAdminState } from './form-defaults';

interface IssueLike {
  path: PropertyKey[];
  message: string;
}

/** A zod failure as a form state: first message per field, `field` = the first invalid field. */
export function invalidInput(issues: readonly IssueLike[], values?: Record<string, string>): AdminActionState {
  const state = formStateFromIssues(issues, values);
  const field = Object.keys(state.fieldErrors ?? {})[0];
  // With a single problem the sentence itself is more useful than "fix the highlighted field".
  const error = issues.length === 1 ? issues[0]!.message : state.error;
  return { ...state, error, field };
}

/**
 * An error thrown by lib code as a form state. UserErrors carry their sentence and field
 * (`fieldNames` maps lib field names such as 'admin.email' to input names); anything else is
 * logged and shown as a generic sentence. Never pass redirect()/notFound() errors here.
 */
export function failure(
  err: unknown,
  values: Record<string, string> | undefined,
  action: string,
  fieldNames: Record<string, string> = {},
): AdminActionState {
  if (err instanceof UserError) {
    const field = err.field ? (fieldNames[err.field] ?? err.field) : undefined;
    return { error: err.message, field, fieldErrors: field ? { [field]: err.message } : undefined, values };
  }
  if (isUnavailableError(err)) {
    log.warn({ action, err: (err as Error).message }, 'database unavailable during admin action');
    return { error: 'The database is not reachable right now. Please try again in a moment.', values };
  }
  log.error({ action, err: err instanceof Error ? err.message : String(err) }, 'admin action failed');
  return { error: 'Something went wrong on our side. Please try again.', values };
}

/** Every admin page shows tenants, domains or migration state: refresh the whole area. */
export function revalidateAdmin(): void {
  revalidatePath('/admin', 'layout');
}

/** A text field of a FormData ('' when missing or a file). */
export function text(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === 'string' ? v : '';
}

/** A checkbox of a FormData: present (any value but 'false'/'off') means checked. */
export function checked(form: FormData, name: string): boolean {
  const v = form.get(name);
  return typeof v === 'string' && v !== 'false' && v !== 'off';
}
