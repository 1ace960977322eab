'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { Button, FormError, initialFormState, useConfirmStep } from '@/components/ui';
import { deletePollAction } from '@/lib/features/polls/actions/polls';

/** Delete with an inline confirmation step (keyboard friendly, no window.confirm). */
/** `votes` is null when the poll's counts are hidden from this viewer. */
export function DeletePollButton({ pollId, votes }: { pollId: number; votes: number | null }) {
  const t = useTranslations('polls.delete');
  const { confirming, setConfirming, confirmRef, openerRef } = useConfirmStep();
  const [state, action] = useActionState(deletePollAction, initialFormState);

  if (!confirming) {
    return (
      <div className="space-y-2">
        <FormError message={state.error} />
        <Button ref={openerRef} type="button" variant="secondary" onClick={() => setConfirming(true)}>
          {t('open')}
        </Button>
      </div>
    );
  }
  return (
    <form
      action={action}
      role="group"
      aria-labelledby="delete-confirm-text"
      className="space-y-3 rounded-md border border-red-300 bg-red-50 p-4"
    >
      <FormError message={state.error} />
      <p id="delete-confirm-text" className="text-sm text-red-900">
        {votes === null ? t('confirmHidden') : t('confirm', { count: votes })}
      </p>
      <input type="hidden" name="id" value={pollId} />
      <div className="flex flex-wrap gap-2">
        <Button ref={confirmRef} type="submit" variant="danger" pendingLabel={t('pending')}>
          {t('yes')}
        </Button>
        <Button type="button" variant="secondary" onClick={() => setConfirming(false)}>
          {t('cancel')}
        </Button>
      </div>
    </form>
  );
}
