'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { Button, FormError, initialFormState, useConfirmStep } from '@/components/ui';
import { closePollNowAction } from '@/lib/features/polls/actions/polls';

/** "Close voting now" with an inline confirmation step (like Delete): for the creator or an admin. */
export function ClosePollButton({ pollId }: { pollId: number }) {
  const t = useTranslations('polls.close');
  const { confirming, setConfirming, confirmRef, openerRef } = useConfirmStep();
  const [state, action] = useActionState(closePollNowAction, initialFormState);

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
      aria-labelledby="close-confirm-text"
      className="space-y-3 rounded-md border border-amber-300 bg-amber-50 p-4"
    >
      <FormError message={state.error} />
      <p id="close-confirm-text" className="text-sm text-amber-950">
        {t('confirm')}
      </p>
      <input type="hidden" name="id" value={pollId} />
      <div className="flex flex-wrap gap-2">
        <Button ref={confirmRef} type="submit" pendingLabel={t('pending')}>
          {t('yes')}
        </Button>
        <Button type="button" variant="secondary" onClick={() => setConfirming(false)}>
          {t('cancel')}
        </Button>
      </div>
    </form>
  );
}
