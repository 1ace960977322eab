import { describe, expect, it } from 'vitest';
import { formStateFromIssues, type FormState } from '@/lib/web/form-state';
import { sentenceIn } from '@/lib/web/sentences';
import { closesAtSchema, CLOSED_SENTENCE } from '../closing';
import { ALREADY_CLOSED, ALREADY_VOTED, STALE_EDIT, newPollInput } from '../polls';
// The poll forms' sentences go through formAction's one translation step (lib/web/sentences.ts).
const en = 'en' as const;
const de = 'de' as const;
const localizeSentence = (s: string, locale: 'en' | 'de') => sentenceIn(locale, s);
/** What localiseFormState does to a state, for a language given here (no request in a unit test). */
function localizeFormState(state: FormState, locale: 'en' | 'de'): FormState {
  const say = (s: string) => sentenceIn(locale, s);
  return {
    ...state,
    ...(state.error ? { error: say(state.error) } : {}),
    ...(state.fieldErrors ? { fieldErrors: Object.fromEntries(Object.entries(state.fieldErrors).map(([k, v]) => [k, say(v)])) } : {}),
  };
}

/** Every sentence the poll schemas can give a form. */
function schemaSentences(): string[] {
  const bad: unknown[] = [
    {},
    { question: 1, choices: 'x' },
    { question: ' ', choices: ['a'] },
    { question: 'x'.repeat(301), choices: Array.from({ length: 11 }, (_, i) => `c${i}`) },
    { question: 'a\u0001', choices: ['Tea', 'tea', 'y'.repeat(201), 'b\u0002', 3] },
    { question: 'q', choices: ['a', 'b'], closes_at: 'tomorrow' },
    { question: 'q', choices: ['a', 'b'], closes_at: '2000-01-01T00:00:00Z' },
  ];
  const out = new Set<string>();
  for (const input of bad) {
    const r = newPollInput.safeParse(input);
    for (const issue of r.error?.issues ?? []) out.add(issue.message);
  }
  for (const issue of closesAtSchema.safeParse(5).error?.issues ?? []) out.add(issue.message);
  return [...out];
}

describe('poll form sentences in the reader’s language', () => {
  const sentences = [...schemaSentences(), CLOSED_SENTENCE, ALREADY_CLOSED, ALREADY_VOTED, STALE_EDIT];

  it('knows every sentence the schemas and the lib give a form, and English reads exactly as before', () => {
    expect(sentences.length).toBeGreaterThan(12);
    for (const s of sentences) {
      expect(localizeSentence(s, en), s).toBe(s);
      expect(localizeSentence(s, de), s).not.toBe(s);
    }
  });

  it('translates the summary and the quota sentence with their numbers', () => {
    for (const s of ['Please fix the highlighted field.', 'Please fix the 3 highlighted fields.']) expect(localizeSentence(s, en)).toBe(s);
    expect(localizeSentence('Please fix the 3 highlighted fields.', de)).toBe('Bitte korrigieren Sie die 3 markierten Felder.');
    const quota = 'This organisation has reached its limit of 1 poll; ask the operator to raise it or delete a poll.';
    expect(localizeSentence(quota, en)).toBe(quota);
    expect(localizeSentence(quota.replace('1 poll', '25 polls'), en)).toBe(quota.replace('1 poll', '25 polls'));
    expect(localizeSentence(quota, de)).toContain('1 Umfrage erreicht');
  });

  it('passes unknown sentences through and keeps the values', () => {
    expect(localizeSentence('Something else.', de)).toBe('Something else.');
    const state = formStateFromIssues(newPollInput.safeParse({ question: '', choices: ['a'] }).error!.issues, { question: '' });
    const german = localizeFormState(state, de);
    expect(german.values).toEqual({ question: '' });
    expect(german.error).toBe('Bitte korrigieren Sie die 2 markierten Felder.');
    expect(german.fieldErrors).toEqual({
      question: 'Bitte geben Sie eine Frage ein.',
      choices: 'Eine Umfrage braucht mindestens 2 Antworten.',
    });
    expect(localizeFormState(state, en)).toEqual(state);
  });
});
