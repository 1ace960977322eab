import { textValue } from '@/lib/forms/form-state';

/** The poll form's fields: `question` and repeated `choice` inputs; blank choice rows are ignored. */
export function readPollForm(form: FormData): { question: string; choices: string[]; values: Record<string, string> } {
  const question = textValue(form, 'question');
  const choices = form
    .getAll('choice')
    .map((c) => (typeof c === 'string' ? c : ''))
    .filter((c) => c.trim() !== '');
  return { question, choices, values: { question, choices: JSON.stringify(choices) } };
}
