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
