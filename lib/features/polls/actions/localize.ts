import en from '@/messages/en/polls.json';
import type { FormState } from '@/lib/web/form-state';

// The sentences the poll forms get back, in the reader's language (issue 25, part 3). The lib
// functions and schemas they come from are shared with the JSON API, which stays English: so the
// actions translate what reaches a form here, by the English sentence. Every sentence is in the
// `polls.errors` catalogue with its English text as is; one not found there passes through.

export type ErrorKey = keyof typeof en.errors;
export type ErrorTranslator = (key: ErrorKey, values?: { count?: number; max?: number }) => string;

/** English sentence → its key (the sentences without placeholders). */
const BY_SENTENCE = new Map<string, ErrorKey>(
  (Object.entries(en.errors) as [ErrorKey, string][]).filter(([, text]) => !text.includes('{')).map(([key, text]) => [text, key]),
);

const FIX_FIELDS = /^Please fix the (\d+) highlighted fields\.$/;
const QUOTA = /^This organisation has reached its limit of (\d+) polls?; ask the operator to raise it or delete a poll\.$/;

export function localizeSentence(sentence: string, t: ErrorTranslator): string {
  const key = BY_SENTENCE.get(sentence);
  if (key) return t(key);
  const fix = FIX_FIELDS.exec(sentence);
  if (fix) return t('fixFields', { count: Number(fix[1]) });
  const quota = QUOTA.exec(sentence);
  if (quota) return t('quota', { max: Number(quota[1]) });
  return sentence;
}

/** The form state with its sentences (banner and fields) translated; values and the rest as they were. */
export function localizeFormState<S extends FormState>(state: S, t: ErrorTranslator): S {
  if (!state.error && !state.fieldErrors) return state;
  return {
    ...state,
    ...(state.error ? { error: localizeSentence(state.error, t) } : {}),
    ...(state.fieldErrors
      ? { fieldErrors: Object.fromEntries(Object.entries(state.fieldErrors).map(([k, v]) => [k, localizeSentence(v, t)])) }
      : {}),
  };
}
