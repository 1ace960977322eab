'use client';

import { signIn } from 'next-auth/react';
import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { Alert, Button, Field } from '@/components/ui';
import { TWO_FACTOR_CODE_ERRORS, loginErrorSentence } from './login-errors';

export interface LoginFormProps {
  /** Where to go after a successful login (a same-origin path). */
  next: string;
  defaultEmail?: string;
  /** An error code or sentence from the URL (?error=...), shown until the next attempt. */
  initialError?: string | null;
}

/**
 * Email + password form for next-auth's `credentials` provider. The host the page is served on
 * decides whose account it is (superuser on the root host, tenant user on a tenant host).
 */
export function LoginForm({ next, defaultEmail = '', initialError = null }: LoginFormProps) {
  const t = useTranslations('auth.login');
  const [error, setError] = useState<string | null>(loginErrorSentence(initialError, t));
  const [pending, setPending] = useState(false);
  // Issue 23: after a right password for an account with two-factor, the form asks for the code;
  // the email and password are kept here and sent again with it (every step checks them all).
  const [first, setFirst] = useState<{ email: string; password: string } | null>(null);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (pending) return;
    const data = new FormData(e.currentTarget);
    const email = first?.email ?? String(data.get('email') ?? '').trim();
    const password = first?.password ?? String(data.get('password') ?? '');
    const code = first ? String(data.get('code') ?? '').trim() : '';
    if (!email || !password) {
      setError(t('form.enterEmailPassword'));
      return;
    }
    if (first && !code) {
      setError(t('errors.twoFactorRequired'));
      return;
    }
    setPending(true);
    setError(null);
    try {
      const res = await signIn('credentials', { email, password, ...(code ? { code } : {}), redirect: false });
      if (!res || res.error || !res.ok) {
        if (res?.error && TWO_FACTOR_CODE_ERRORS.includes(res.error)) setFirst({ email, password });
        setError(first || res?.error !== 'TwoFactorRequired' ? loginErrorSentence(res?.error ?? 'Default', t) : null);
        setPending(false);
        return;
      }
      // A full navigation, so every server component sees the new session cookie.
      window.location.assign(next);
    } catch {
      setError(t('form.unreachable'));
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate aria-describedby={error ? 'login-error' : undefined}>
      {error ? (
        <div id="login-error">
          <Alert tone="error">{error}</Alert>
        </div>
      ) : null}
      {first ? (
        <>
          <p className="text-sm text-slate-800">{t('form.twoFactorIntro', { email: first.email })}</p>
          <Field
            key="code"
            name="code"
            label={t('form.code')}
            inputMode="text"
            autoComplete="one-time-code"
            required
            autoFocus
            maxLength={64}
          />
          <Button type="submit" pending={pending} pendingLabel={t('form.checking')} className="w-full">
            {t('form.verify')}
          </Button>
          <button
            type="button"
            className="text-sm text-indigo-800 underline underline-offset-4"
            onClick={() => {
              setFirst(null);
              setError(null);
            }}
          >
            {t('form.otherAccount')}
          </button>
        </>
      ) : (
        <>
          <Field
            name="email"
            label={t('form.email')}
            type="email"
            autoComplete="username"
            defaultValue={defaultEmail}
            required
            autoFocus={!defaultEmail}
          />
          <Field
            name="password"
            label={t('form.password')}
            type="password"
            autoComplete="current-password"
            required
            autoFocus={!!defaultEmail}
          />
          <Button type="submit" pending={pending} pendingLabel={t('form.loggingIn')} className="w-full">
            {t('form.logIn')}
          </Button>
        </>
      )}
    </form>
  );
}
