'use client';

import { useActionState, useState } from 'react';
import { Button, Field, FormError, initialFormState } from '@/components/ui';
import { signupAction } from '@/lib/actions/signup';
import { SubdomainField } from './SubdomainField';

/** Public signup: organisation, subdomain, first admin. On success the action redirects to the new tenant's login. */
export function SignupForm({ rootHost }: { rootHost: string }) {
  const [state, action] = useActionState(signupAction, initialFormState);
  const v = state.values ?? {};
  const fe = state.fieldErrors ?? {};
  // Each answer from the server remounts the subdomain field, so its error shows again.
  // (State adjusted during render, React's pattern for "reset when a value changes".)
  const [answers, setAnswers] = useState({ state, count: 0 });
  if (answers.state !== state) setAnswers({ state, count: answers.count + 1 });
  return (
    <form action={action} className="space-y-5" noValidate>
      <FormError message={state.error} />
      <Field
        name="name"
        label="Organisation name"
        defaultValue={v.name}
        error={fe.name}
        required
        maxLength={200}
        autoComplete="organization"
      />
      <SubdomainField key={answers.count} defaultValue={v.subdomain} error={fe.subdomain} rootHost={rootHost} />
      <Field
        name="email"
        label="Your email (you become the organisation’s admin)"
        type="email"
        defaultValue={v.email}
        error={fe.email}
        required
        autoComplete="email"
      />
      <Field
        name="password"
        label="Password"
        type="password"
        error={fe.password}
        required
        minLength={8}
        autoComplete="new-password"
        hint="At least 8 characters."
      />
      <Button type="submit" pendingLabel="Creating your organisation…" className="w-full">
        Create organisation
      </Button>
    </form>
  );
}
