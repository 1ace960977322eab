'use client';

import { useTranslations } from 'next-intl';
import { useActionState, useEffect, useRef, useState } from 'react';
import { Button } from '@/components/ui';
import { setTenantStatusAction } from '@/lib/features/admin/actions/tenants';
import { initialAdminState } from '@/lib/features/admin/form-defaults';
import { ActionMessage } from './ActionMessage';

/**
 * Suspend (every host of the tenant shows the suspended page, nobody can log in) or resume.
 * Suspending asks first: it locks every user of the tenant out at once.
 */
export function TenantStatusForm({ schema, status }: { schema: string; status: 'active' | 'suspended' }) {
  const [state, action] = useActionState(setTenantStatusAction, initialAdminState);
  const t = useTranslations('admin.status');
  const tf = useTranslations('admin.forms');
  const [confirming, setConfirming] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const suspended = status === 'suspended';
  // A finished action (either way) closes the question.
  const [seen, setSeen] = useState(state);
  if (seen !== state) {
    setSeen(state);
    setConfirming(false);
  }
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);
  return (
    <form action={action} className="space-y-3">
      <ActionMessage state={state} />
      <p className="text-sm text-slate-700">{suspended ? t('suspendedBody') : t('activeBody')}</p>
      <input type="hidden" name="schema" value={schema} />
      <input type="hidden" name="status" value={suspended ? 'active' : 'suspended'} />
      {suspended ? (
        <Button type="submit" pendingLabel={t('resuming')}>
          {t('resume')}
        </Button>
      ) : confirming ? (
        <div role="group" aria-labelledby="suspend-confirm-text" className="space-y-3 rounded-md border border-red-300 bg-red-50 p-4">
          <p id="suspend-confirm-text" className="text-sm text-red-900">
            {t('confirm', { schema })}
          </p>
          <div className="flex flex-wrap gap-2">
            <Button ref={confirmRef} type="submit" variant="danger" pendingLabel={t('suspending')}>
              {t('yes')}
            </Button>
            <Button type="button" variant="secondary" onClick={() => setConfirming(false)}>
              {tf('cancel')}
            </Button>
          </div>
        </div>
      ) : (
        <Button type="button" variant="secondary" onClick={() => setConfirming(true)}>
          {t('suspend')}
        </Button>
      )}
    </form>
  );
}
