'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { Button, FormError, bannerError, initialFormState } from '@/components/ui';
import { voteAction } from '@/lib/features/polls/actions/polls';

export interface VoteFormProps {
  pollId: number;
  choices: { id: number; choice_text: string }[];
  /** The viewer's current choice, on a poll that lets them change it: preselected, and the button says "Change vote". */
  current?: number;
}

/** One radio per choice; the action records one vote per user and poll. */
export function VoteForm({ pollId, choices, current }: VoteFormProps) {
  const t = useTranslations('polls.vote');
  const [state, action] = useActionState(voteAction, initialFormState);
  const error = state.fieldErrors?.choice_id;
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormError message={bannerError(state)} />
      <input type="hidden" name="id" value={pollId} />
      <fieldset aria-describedby={error ? 'vote-error' : undefined}>
        <legend className="mb-2 text-sm text-slate-700">{current === undefined ? t('choose') : t('yourAnswer')}</legend>
        <div className="space-y-2">
          {choices.map((c) => (
            <label
              key={c.id}
              className="flex cursor-pointer items-center gap-3 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 hover:bg-slate-50 has-[:checked]:border-indigo-600 has-[:checked]:bg-indigo-50 has-[:focus-visible]:outline-3 has-[:focus-visible]:outline-indigo-600"
            >
              <input type="radio" name="choice_id" value={c.id} defaultChecked={c.id === current} className="h-4 w-4 accent-indigo-700" />
              <span className="break-words">{c.choice_text}</span>
            </label>
          ))}
        </div>
        {error ? (
          <p id="vote-error" className="mt-2 text-sm text-red-700 [overflow-wrap:anywhere]" role="alert">
            {error}
          </p>
        ) : null}
      </fieldset>
      <Button type="submit" pendingLabel={t('pending')}>
        {current === undefined ? t('submit') : t('change')}
      </Button>
    </form>
  );
}
