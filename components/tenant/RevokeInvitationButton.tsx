'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { Button, FormError, initialFormState } from '@/components/ui';
import { revokeInvitationAction } from '@/lib/features/users/actions/invitations';

/** Withdraws one open invitation (no confirmation step: it can simply be sent again). */
export function RevokeInvitationButton({ invitationId, email }: { invitationId: number; email: string }) {
  const t = useTranslations('tenant.revokeInvitation');
  const [state, action] = useActionState(revokeInvitationAction, initialFormState);
  return (
    <form action={action} className="space-y-1">
      <FormError message={state.error} />
      <input type="hidden" name="invitationId" value={invitationId} />
      <Button type="submit" variant="ghost" className="px-2 py-1 text-xs text-red-800" pendingLabel={t('pending')}>
        {t.rich('button', { email, sr: (chunks) => <span className="sr-only">{chunks}</span> })}
      </Button>
    </form>
  );
}
