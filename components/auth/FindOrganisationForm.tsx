'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { Alert, Button, Field, FormError, bannerError, initialFormState } from '@/components/ui';
import { findOrganisationAction } from '@/lib/features/auth/actions/find-organisation';

export function FindOrganisationForm() {
  const [state, action] = useActionState(findOrganisationAction, initialFormState);
  const v = state.values ?? {};
  const t = useTranslations('signup.find');
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormError message={bannerError(state)} />
      {state.message ? (
        <div data-testid="find-organisation-sent">
          <Alert tone="success">{state.message}</Alert>
        </div>
      ) : null}
      <Field
        name="email"
        label={t('email')}
        type="email"
        autoComplete="email"
        defaultValue={v.email}
        error={state.fieldErrors?.email}
        required
        maxLength={254}
      />
      <Button type="submit" pendingLabel={t('pending')} className="w-full">
        {t('submit')}
      </Button>
    </form>
  );
}
