'use client';

import { signIn } from 'next-auth/react';
import { useState, type FormEvent } from 'react';
import { Alert, Button, Field } from '@/components/ui';
import { loginErrorSentence } from './login-errors';

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
  const [error, setError] = useState<string | null>(loginErrorSentence(initialError));
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (pending) return;
    const data = new FormData(e.currentTarget);
    const email = String(data.get('email') ?? '').trim();
    const password = String(data.get('password') ?? '');
    if (!email || !password) {
      setError('Enter your email and password.');
      return;
    }
    setPending(true);
    setError(null);
    try {
      const res = await signIn('credentials', { email, password, redirect: false });
      if (!res || res.error || !res.ok) {
        setError(loginErrorSentence(res?.error ?? 'Default'));
        setPending(false);
        return;
      }
      // A full navigation, so every server component sees the new session cookie.
      window.location.assign(next);
    } catch {
      setError('Could not reach the server. Check your connection and try again.');
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
      <Field
        name="email"
        label="Email"
        type="email"
        autoComplete="username"
        defaultValue={defaultEmail}
        required
        autoFocus={!defaultEmail}
      />
      <Field name="password" label="Password" type="password" autoComplete="current-password" required autoFocus={!!defaultEmail} />
      <Button type="submit" pending={pending} pendingLabel="Logging in…" className="w-full">
        Log in
      </Button>
    </form>
  );
}
