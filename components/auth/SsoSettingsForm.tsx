'use client';

import { useActionState, useState } from 'react';
import { Alert, Button, Field, FormError, bannerError, type FormState } from '@/components/ui';
import type { SsoView } from '@/lib/features/auth/sso';

type Action = (prev: FormState, form: FormData) => Promise<FormState>;

export interface SsoSettingsFormProps {
  current: SsoView;
  callbackUrl: string;
  action: Action;
}

function Check({ name, label, hint, on }: { name: string; label: string; hint: string; on: boolean }) {
  return (
    <label className="flex items-start gap-2 text-sm text-slate-800">
      <input type="checkbox" name={name} defaultChecked={on} className="mt-1" />
      <span>
        <span className="font-medium">{label}</span>
        <span className="block text-xs text-slate-600">{hint}</span>
      </span>
    </label>
  );
}

const TEXT_FIELDS = [
  {
    name: 'displayName',
    label: 'Name on the button',
    type: 'text',
    hint: '“Sign in with …”, e.g. Okta',
    maxLength: 60,
    autoComplete: 'off',
  },
  { name: 'issuer', label: 'Issuer URL', type: 'url', hint: 'e.g. https://example.okta.com', maxLength: 500, autoComplete: 'off' },
  { name: 'clientId', label: 'Client id', type: 'text', hint: undefined, maxLength: 500, autoComplete: 'off' },
] as const;

/** Issue 23: the organisation's OpenID Connect provider; "Test" checks its discovery document. */
export function SsoSettingsForm({ current, callbackUrl, action }: SsoSettingsFormProps) {
  // The secret is kept by the page, not the form: React resets a form after its action, and an
  // admin who pressed "Test" must not have to type the secret again to "Save". Cleared once saved.
  const [secret, setSecret] = useState('');
  const [state, submit] = useActionState(async (prev: FormState, form: FormData) => {
    const next = await action(prev, form);
    if (next.ok && form.get('intent') === 'save') setSecret('');
    return next;
  }, {});
  const flag = (name: 'enabled' | 'createMembers' | 'requireSso') => (state.values ? state.values[name] === 'on' : current[name]);
  return (
    <form action={submit} className="space-y-4" aria-label="Single sign-on settings">
      <FormError message={bannerError(state)} />
      {state.ok && state.message ? <Alert tone="success">{state.message}</Alert> : null}
      <p className="text-sm text-slate-800">
        Register Quorum at your provider as a web application with the redirect URI <code data-testid="sso-callback">{callbackUrl}</code>,
        then enter what it gives you.
      </p>
      {TEXT_FIELDS.map((f) => (
        <Field key={f.name} {...f} defaultValue={state.values?.[f.name] ?? current[f.name]} error={state.fieldErrors?.[f.name]} required />
      ))}
      <Field
        name="clientSecret"
        label="Client secret"
        type="password"
        autoComplete="new-password"
        hint={current.secretSet ? 'Set. Leave blank to keep it.' : 'Not set.'}
        value={secret}
        onChange={(e) => setSecret(e.target.value)}
        error={state.fieldErrors?.clientSecret}
        maxLength={2000}
      />
      <div className="space-y-2">
        <Check name="enabled" label="Turn on “Sign in with …”" hint="The login page shows the button." on={flag('enabled')} />
        <Check
          name="createMembers"
          label="Create members on first login"
          hint="A verified email without an account here becomes a member."
          on={flag('createMembers')}
        />
        <Check
          name="requireSso"
          label="Require single sign-on for members"
          hint="The password login refuses members; admins keep password and two-factor."
          on={flag('requireSso')}
        />
      </div>
      <div className="flex gap-3">
        <Button type="submit" name="intent" value="save" pendingLabel="Saving…">
          Save
        </Button>
        <Button type="submit" name="intent" value="test" variant="secondary" pendingLabel="Testing…">
          Test
        </Button>
      </div>
    </form>
  );
}
