/** What a server action returns to a useActionState form: a sentence, per-field sentences, the inputs to keep. */
export interface FormState {
  ok?: boolean;
  /** One sentence about the whole form. */
  error?: string;
  /** Per-field sentences, keyed by input name. */
  fieldErrors?: Record<string, string>;
  /** The submitted values (never passwords), so the form keeps them after an error. */
  values?: Record<string, string>;
  /** A success sentence. */
  message?: string;
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

/** Reads a text field from FormData ('' when missing or a file). */
export function textValue(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === 'string' ? v : '';
}
