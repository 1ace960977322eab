// Every form's answer in the reader's language (issue 25, part 3). lib code says its sentences in
// English, because the JSON API and the CLI show them as they are; formAction (./action.ts) passes
// what an action returns through localiseFormState, which finds each sentence in the English
// catalogue (exactly, or as a message with {placeholders}) and says the same message from the
// request's catalogue. A sentence the catalogue does not know stays as it is.
import { createTranslator } from 'next-intl';
import { getLocale } from 'next-intl/server';
import { DEFAULT_LOCALE, type Locale } from '@/lib/config/locale';
import { MESSAGES } from '@/messages';
import type { FormState } from './form-state';
import { sentenceMatcher } from './sentence-match';

interface Found {
  key: string;
  values: Record<string, string | number>;
}

/** Sentences whose English message inflects a number (plural): the catalogue's text is not a pattern. */
const COUNTED: readonly [RegExp, string][] = [
  [/^Please fix the (?<count>\d+) highlighted fields\.$/, 'common.forms.fixMany'],
  [
    /^This organisation has reached its limit of (?<max>\d+) polls?; ask the operator to raise it or delete a poll\.$/,
    'polls.errors.quota',
  ],
];

function flatten(tree: object, prefix: string, out: [string, string][]): [string, string][] {
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.push([key, v]);
    else if (v && typeof v === 'object') flatten(v, key, out);
  }
  return out;
}

let matcher: ((sentence: string) => Found | null) | undefined;

/** Built once over the whole English catalogue (see ./sentence-match.ts), plus the counted sentences. */
function buildMatcher(): (sentence: string) => Found | null {
  const table: Record<string, string> = {};
  for (const [key, english] of flatten(MESSAGES.en, '', [])) {
    // Rich text (<b>…</b>) and ICU plural/select messages are not sentences an action returns.
    if (english.includes('<') || /\{\w+,/.test(english)) continue;
    // A message that is only placeholders would match anything.
    if (!/\p{L}/u.test(english.replace(/\{\w+\}/g, ''))) continue;
    // ICU writes a quote as '' (a lone quote starts quoted text): the sentence has one.
    table[key] = english.replace(/''/g, "'");
  }
  const match = sentenceMatcher(table);
  const number = (v: string): string | number => (/^\d+$/.test(v) ? Number(v) : v);
  const numbers = (values: Record<string, string>) => Object.fromEntries(Object.entries(values).map(([n, v]) => [n, number(v)]));
  return (sentence) => {
    for (const [re, key] of COUNTED) {
      const m = re.exec(sentence);
      if (m) return { key, values: numbers(m.groups ?? {}) };
    }
    const found = match(sentence);
    return found ? { key: found.key, values: numbers(found.values) } : null;
  };
}

type Translate = (key: string, values?: Record<string, string | number>) => string;
const translators = new Map<Locale, Translate>();

/** `sentence` said in `locale` if the English catalogue knows it; unchanged otherwise (and in English). */
export function sentenceIn(locale: Locale, sentence: string): string {
  if (locale === DEFAULT_LOCALE) return sentence;
  const found = (matcher ??= buildMatcher())(sentence);
  if (!found) return sentence;
  let t = translators.get(locale);
  if (!t) translators.set(locale, (t = createTranslator({ locale, messages: MESSAGES[locale] }) as unknown as Translate));
  return t(found.key, found.values);
}

/** One sentence of lib code in the request's language (see localiseFormState). */
export async function localiseSentence(sentence: string): Promise<string> {
  return sentenceIn(await getLocale(), sentence);
}

/** A form state with its sentences (error, message, field errors) in the request's language. */
export async function localiseFormState<S extends FormState>(state: S): Promise<S> {
  if (!state || (!state.error && !state.message && !state.fieldErrors)) return state;
  const locale = await getLocale();
  if (locale === DEFAULT_LOCALE) return state; // they are English already
  const say = (s: string) => sentenceIn(locale, s);
  const out: S = { ...state };
  if (state.error !== undefined) out.error = say(state.error);
  if (state.message !== undefined) out.message = say(state.message);
  if (state.fieldErrors) out.fieldErrors = Object.fromEntries(Object.entries(state.fieldErrors).map(([k, v]) => [k, say(v)]));
  return out;
}
