'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { Alert, Button, FormError, SelectField, bannerError, initialFormState } from '@/components/ui';
import { LOCALES, LOCALE_NAMES, type Locale } from '@/lib/config/locale';
import { updateDefaultLocaleAction } from '@/lib/features/locale/actions';

/** The organisation's default language (tenant admins): for its users who chose none and its visitors. */
export function DefaultLocaleForm({ current }: { current: Locale }) {
  const t = useTranslations('common.language');
  const [state, action] = useActionState(updateDefaultLocaleAction, initialFormState);
  return (
    <form action={action} className="space-y-5" noValidate aria-label={t('defaultFormLabel')} data-testid="default-locale-form">
      <FormError message={bannerError(state)} />
      {state.ok && state.message ? <Alert tone="success">{state.message}</Alert> : null}
      <SelectField
        key={state.values?.defaultLocale ?? current}
        name="defaultLocale"
        label={t('defaultLabel')}
        hint={t('defaultHint')}
        defaultValue={state.values?.defaultLocale ?? current}
        error={state.fieldErrors?.defaultLocale}
        options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))}
      />
      <Button type="submit" pendingLabel={t('saving')}>
        {t('defaultSubmit')}
      </Button>
    </form>
  );
}
