import { checkedValue, textValue } from '@/lib/web/form-state';

/** The poll form's fields: `question` and repeated `choice` inputs; blank choice rows are ignored. */
export function readPollForm(form: FormData): { question: string; choices: string[]; values: Record<string, string> } {
  const question = textValue(form, 'question');
  const choices = form
    .getAll('choice')
    .map((c) => (typeof c === 'string' ? c : ''))
    .filter((c) => c.trim() !== '');
  return { question, choices, values: { question, choices: JSON.stringify(choices) } };
}

/**
 * The form's closing time: a `datetime-local` value (no zone) plus the browser's
 * getTimezoneOffset() in `tz_offset`, turned into an ISO timestamp for closesAtSchema.
 * undefined = no change (blank on create; unchanged from `closes_at_initial` on edit); null = clear.
 */
export function readClosesAt(form: FormData, mode: 'create' | 'edit'): string | null | undefined {
  const local = textValue(form, 'closes_at').trim();
  if (mode === 'edit' && local === textValue(form, 'closes_at_initial').trim()) return undefined;
  if (local === '') return mode === 'create' ? undefined : null;
  const offset = Number(textValue(form, 'tz_offset') || '0');
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?$/.exec(local);
  if (!m || !Number.isInteger(offset) || Math.abs(offset) > 24 * 60) return local; // closesAtSchema explains what is wrong
  const asUtc = Date.parse(`${m[1]}T${m[2]}${m[3] ?? ':00'}Z`);
  if (Number.isNaN(asUtc)) return local;
  return new Date(asUtc + offset * 60_000).toISOString();
}

export const VOTE_OPTIONS = ['allow_vote_change', 'hide_results'] as const;
export type VoteOption = (typeof VOTE_OPTIONS)[number];

/**
 * The form's voting options (checkboxes). On create every option is sent (unchecked = false); on
 * edit only those that differ from `<name>_initial`, so saving a closed poll's wording does not
 * touch its options (which are frozen once it closes).
 */
export function readVoteOptions(form: FormData, mode: 'create' | 'edit'): Partial<Record<VoteOption, boolean>> {
  const out: Partial<Record<VoteOption, boolean>> = {};
  for (const name of VOTE_OPTIONS) {
    const value = checkedValue(form, name);
    if (mode === 'create' || value !== (textValue(form, `${name}_initial`) === 'true')) out[name] = value;
  }
  return out;
}
