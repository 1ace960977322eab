'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { Button, Field } from '@/components/ui';
import { openAsAction } from '@/lib/features/admin/actions/impersonate';
import { initialAdminState } from '@/lib/features/admin/form-defaults';
import { ActionMessage } from './ActionMessage';

/** "Open as": a single-use, 15-minute link that opens the tenant's host as one of its users. */
export function OpenAsForm({ schema }: { schema: string }) {
  const [state, action] = useActionState(openAsAction, initialAdminState);
  const t = useTranslations('admin.openAs');
  const fe = state.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-3" noValidate>
      <ActionMessage state={state} />
      <p className="text-sm text-slate-700">{t('body')}</p>
      <input type="hidden" name="schema" value={schema} />
      <Field name="email" type="email" label={t('email')} autoComplete="off" defaultValue={state.values?.email} error={fe.email} />
      <Button type="submit" variant="secondary" pendingLabel={t('pending')}>
        {t('submit')}
      </Button>
    </form>
  );
}
