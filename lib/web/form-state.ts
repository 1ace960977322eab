// What a server action returns to a useActionState form, and the pure helpers that build it.
// Client-safe (no server imports): client components import initialFormState from here.

/** What a server action returns to a useActionState form: a sentence, per-field sentences, the inputs to keep. */
export interface FormState {
  ok?: boolean;
  /** One sentence about the whole form. */
  error?: string;
  /** The form input the error belongs to (also keyed in `fieldErrors` for the inline error). */
  field?: string;
  /** Per-field sentences, keyed by input name. */
  fieldErrors?: Record<string, string>;
  /** The submitted values (never passwords), so the form keeps them after an error. */
  values?: Record<string, string>;
  /** A success sentence. */
  message?: string;
  /**
   * After success, an address on ANOTHER host for the browser to open as a full page load (a
   * server action's redirect() there would be fetched cross-origin first, which browsers block).
   */
  location?: string;
}

export const initialFormState: FormState = {};

interface IssueLike {
  path: PropertyKey[];
  message: string;
}

/** First message per top-level field of a zod error (zod 3/4 `issues`), plus a summary sentence. */
export function formStateFromIssues(
  issues: readonly IssueLike[],
  values?: Record<string, string>,
  fieldNames: Record<string, string> = {},
): FormState {
  const fieldErrors: Record<string, string> = {};
  let formError: string | undefined;
  for (const issue of issues) {
    const key = issue.path.length ? String(issue.path[0]) : '';
    const field = fieldNames[key] ?? key;
    if (field && !(field in fieldErrors)) fieldErrors[field] = issue.message;
    else if (!field) formError ??= issue.message;
  }
  const count = Object.keys(fieldErrors).length;
  return {
    error: formError ?? (count === 1 ? 'Please fix the highlighted field.' : `Please fix the ${count} highlighted fields.`),
    fieldErrors,
    values,
  };
}

/**
 * A zod failure as a form state for forms that point at one field: first message per field,
 * `field` = the first invalid field, and with a single problem the sentence itself as the error
 * (more useful than "fix the highlighted field"). The superuser area's forms use it.
 */
export function invalidInput(issues: readonly IssueLike[], values?: Record<string, string>): FormState {
  const state = formStateFromIssues(issues, values);
  const field = Object.keys(state.fieldErrors ?? {})[0];
  const error = issues.length === 1 ? issues[0]!.message : state.error;
  return { ...state, error, field };
}

/** Reads a text field from FormData ('' when missing or a file). */
export function textValue(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === 'string' ? v : '';
}

/** A checkbox of a FormData: present (any value but 'false'/'off') means checked. */
export function checkedValue(form: FormData, name: string): boolean {
  const v = form.get(name);
  return typeof v === 'string' && v !== 'false' && v !== 'off';
}

/**
 * The sentence for a form's banner, or nothing when it only repeats a field's own error (that
 * sentence already shows beside its field; saying it twice reads as two problems).
 */
export function bannerError(state: FormState): string | undefined {
  if (!state.error) return undefined;
  return Object.values(state.fieldErrors ?? {}).includes(state.error) ? undefined : state.error;
}
