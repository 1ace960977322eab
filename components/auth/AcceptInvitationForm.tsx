'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { Button, Field, FormError, bannerError, initialFormState } from '@/components/ui';
import { acceptInvitationAction } from '@/lib/features/users/actions/invitations';

export function AcceptInvitationForm({ token, email }: { token: string; email: string }) {
  const [state, action] = useActionState(acceptInvitationAction, initialFormState);
  const fe = state.fieldErrors ?? {};
  const t = useTranslations('auth.invite');
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormError message={bannerError(state)} />
      {bannerError(state) ? (
        // The link stopped working while the form was open (used in another tab, expired, replaced).
        <p className="text-sm text-slate-700">
          {t.rich('joinedAlready', {
            link: (chunks) => (
              <Link href="/login" className="font-semibold text-indigo-800 underline underline-offset-4">
                {chunks}
              </Link>
            ),
          })}
        </p>
      ) : null}
      <input type="hidden" name="token" value={token} />
      <Field name="email" label={t('email')} type="email" value={email} readOnly autoComplete="username" />
      <Field name="name" label={t('name')} defaultValue={state.values?.name} error={fe.name} maxLength={200} />
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
      <Button type="submit" pendingLabel={t('joining')} className="w-full">
        {t('submit')}
      </Button>
    </form>
  );
}
