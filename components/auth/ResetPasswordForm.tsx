'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { Button, Field, FormError, initialFormState } from '@/components/ui';
import { resetPasswordAction } from '@/lib/features/auth/actions/password-reset';

export function ResetPasswordForm({ token }: { token: string }) {
  const [state, action] = useActionState(resetPasswordAction, initialFormState);
  const fe = state.fieldErrors ?? {};
  const t = useTranslations('auth.reset');
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormError message={state.error} />
      <input type="hidden" name="token" value={token} />
      <Field
        name="password"
        label={t('password')}
        type="password"
        autoComplete="new-password"
        error={fe.password}
        required
        minLength={8}
        maxLength={200}
        hint={t('passwordHint')}
      />
      <Field name="confirm" label={t('confirm')} type="password" autoComplete="new-password" error={fe.confirm} required maxLength={200} />
      <Button type="submit" pendingLabel={t('saving')} className="w-full">
        {t('submit')}
      </Button>
    </form>
  );
}
