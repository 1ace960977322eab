'use client';

import { useActionState, useEffect, useState } from 'react';
import { useTranslations } from 'next-intl';
import { Alert, Button, Field, FormError, initialFormState, bannerError } from '@/components/ui';
import { signupAction } from '@/lib/features/organisation/actions/signup';
import { PublicReadsField } from './PublicReadsField';
import { SubdomainField } from './SubdomainField';

/** Public signup: organisation, subdomain, first admin. On success the action redirects to the new tenant's login. */
export function SignupForm({ rootHost, subdomain = '' }: { rootHost: string; subdomain?: string }) {
  const [state, action] = useActionState(signupAction, initialFormState);
  const t = useTranslations('signup.form');
  const v = state.values ?? {};
  const fe = state.fieldErrors ?? {};
  // Each answer from the server remounts the subdomain field, so its error shows again.
  // (State adjusted during render, React's pattern for "reset when a value changes".)
  const [answers, setAnswers] = useState({ state, count: 0 });
  // Controlled, so a failed submit (which resets the form) does not clear what was typed; the
  // server never echoes passwords back.
  const [password, setPassword] = useState('');
  if (answers.state !== state) setAnswers({ state, count: answers.count + 1 });
  // Success: the new organisation lives on its own host; open it as a whole new page (no fetch).
  useEffect(() => {
    if (state.ok && state.location) window.location.assign(state.location);
  }, [state]);
  if (state.ok && state.location)
    return (
      <Alert tone="success">
        {state.message}{' '}
        <a href={state.location} className="font-semibold underline underline-offset-4">
          {t('open')}
        </a>
      </Alert>
    );
  return (
    <form action={action} className="space-y-5" noValidate>
      <FormError message={bannerError(state)} />
      <Field name="name" label={t('name')} defaultValue={v.name} error={fe.name} required maxLength={200} autoComplete="organization" />
      <SubdomainField key={answers.count} defaultValue={v.subdomain ?? subdomain} error={fe.subdomain} rootHost={rootHost} />
      <Field
        name="email"
        label={t('email')}
        type="email"
        defaultValue={v.email}
        error={fe.email}
        required
        maxLength={254}
        autoComplete="email"
      />
      <Field
        name="password"
        label={t('password')}
        type="password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={fe.password}
        required
        minLength={8}
        maxLength={200}
        autoComplete="new-password"
        hint={t('passwordHint')}
      />
      <PublicReadsField defaultValue={v.publicReads === 'on' ? 'on' : 'off'} error={fe.publicReads} />
      <Button type="submit" pendingLabel={t('pending')} className="w-full">
        {t('submit')}
      </Button>
    </form>
  );
}
