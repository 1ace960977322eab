'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { Alert, Button, Field, FormError, initialFormState } from '@/components/ui';
import { requestPasswordResetAction } from '@/lib/features/auth/actions/password-reset';

export function ForgotPasswordForm() {
  const [state, action] = useActionState(requestPasswordResetAction, initialFormState);
  const v = state.values ?? {};
  const t = useTranslations('auth.forgot');
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormError message={state.error} />
      {state.message ? <Alert tone="success">{state.message}</Alert> : null}
      <Field
        name="email"
        label={t('email')}
        type="email"
        autoComplete="username"
        defaultValue={v.email}
        error={state.fieldErrors?.email}
        required
        maxLength={254}
      />
      <Button type="submit" pendingLabel={t('sending')} className="w-full">
        {t('submit')}
      </Button>
    </form>
  );
}
