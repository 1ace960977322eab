'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { PublicReadsField } from '@/components/auth/PublicReadsField';
import { Alert, Button, Field, FormError, bannerError, initialFormState } from '@/components/ui';
import { updateSettingsAction } from '@/lib/features/organisation/actions/settings';

/** The organisation's name and its JSON API read setting (tenant admins). */
export function SettingsForm({ name, publicReads }: { name: string; publicReads: boolean }) {
  const t = useTranslations('settings.form');
  const [state, action] = useActionState(updateSettingsAction, initialFormState);
  const v = state.values;
  const fe = state.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-5" noValidate aria-label={t('label')}>
      <FormError message={bannerError(state)} />
      {state.ok && state.message ? <Alert tone="success">{state.message}</Alert> : null}
      <Field
        name="name"
        label={t('name')}
        defaultValue={v?.name ?? name}
        error={fe.name}
        required
        maxLength={200}
        autoComplete="organization"
      />
      <PublicReadsField
        key={v?.publicReads ?? String(publicReads)}
        defaultValue={(v?.publicReads ?? (publicReads ? 'on' : 'off')) === 'on' ? 'on' : 'off'}
        error={fe.publicReads}
      />
      <Button type="submit" pendingLabel={t('pending')}>
        {t('submit')}
      </Button>
    </form>
  );
}
