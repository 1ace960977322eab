// The auth forms' sentences in the request's language (issue 25, part 3). The lib code and the
// JSON API keep their English sentences; a form action's state is translated on its way back to
// the form, sentence by sentence, through the English catalogue (auth.sentences). Any other
// sentence passes as it is, and English passes untouched.
import { getLocale, getTranslations } from 'next-intl/server';
import en from '@/messages/en/auth.json';
import type { FormState } from '@/lib/web/form-state';
import { sentenceMatcher } from './sentence-keys';

const match = sentenceMatcher(en.sentences);

/** A form state with its auth sentences (error, field errors, message) in the request's language. */
export async function localizeState<S extends FormState>(state: S): Promise<S> {
  if (!state || (await getLocale()) === 'en') return state;
  const t = await getTranslations('auth.sentences');
  const say = (s: string): string => {
    const m = match(s);
    return m ? t(m.key, m.values) : s;
  };
  const out: S = { ...state };
  if (state.error) out.error = say(state.error);
  if (state.message) out.message = say(state.message);
  if (state.fieldErrors) out.fieldErrors = Object.fromEntries(Object.entries(state.fieldErrors).map(([k, v]) => [k, say(v)]));
  return out;
}

/** A form action whose returned sentences are in the request's language (a redirect passes through). */
export function localized<S extends FormState>(action: (prev: S, form: FormData) => Promise<S>) {
  return async (prev: S, form: FormData): Promise<S> => localizeState(await action(prev, form));
}
