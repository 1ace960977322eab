'use client';

import { useTranslations } from 'next-intl';
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
  { name: 'displayName', type: 'text', hint: 'displayNameHint', maxLength: 60, autoComplete: 'off' },
  { name: 'issuer', type: 'url', hint: 'issuerHint', maxLength: 500, autoComplete: 'off' },
  { name: 'clientId', type: 'text', hint: undefined, maxLength: 500, autoComplete: 'off' },
] as const;

/** Issue 23: the organisation's OpenID Connect provider; "Test" checks its discovery document. */
export function SsoSettingsForm({ current, callbackUrl, action }: SsoSettingsFormProps) {
  // The secret is kept by the page, not the form: React resets a form after its action, and an
  // admin who pressed "Test" must not have to type the secret again to "Save". Cleared once saved.
  const t = useTranslations('auth.sso');
  const [secret, setSecret] = useState('');
  const [state, submit] = useActionState(async (prev: FormState, form: FormData) => {
    const next = await action(prev, form);
    if (next.ok && form.get('intent') === 'save') setSecret('');
    return next;
  }, {});
  const flag = (name: 'enabled' | 'createMembers' | 'requireSso') => (state.values ? state.values[name] === 'on' : current[name]);
  return (
    <form action={submit} className="space-y-4" aria-label={t('formLabel')}>
      <FormError message={bannerError(state)} />
      {state.ok && state.message ? <Alert tone="success">{state.message}</Alert> : null}
      <p className="text-sm text-slate-800">{t.rich('register', { code: () => <code data-testid="sso-callback">{callbackUrl}</code> })}</p>
      {TEXT_FIELDS.map((f) => (
        <Field
          key={f.name}
          {...f}
          label={t(f.name)}
          hint={f.hint ? t(f.hint) : undefined}
          defaultValue={state.values?.[f.name] ?? current[f.name]}
          error={state.fieldErrors?.[f.name]}
          required
        />
      ))}
      <Field
        name="clientSecret"
        label={t('clientSecret')}
        type="password"
        autoComplete="new-password"
        hint={current.secretSet ? t('secretSet') : t('secretNotSet')}
        value={secret}
        onChange={(e) => setSecret(e.target.value)}
        error={state.fieldErrors?.clientSecret}
        maxLength={2000}
      />
      <div className="space-y-2">
        <Check name="enabled" label={t('enabled')} hint={t('enabledHint')} on={flag('enabled')} />
        <Check name="createMembers" label={t('createMembers')} hint={t('createMembersHint')} on={flag('createMembers')} />
        <Check name="requireSso" label={t('requireSso')} hint={t('requireSsoHint')} on={flag('requireSso')} />
      </div>
      <div className="flex gap-3">
        <Button type="submit" name="intent" value="save" pendingLabel={t('saving')}>
          {t('save')}
        </Button>
        <Button type="submit" name="intent" value="test" variant="secondary" pendingLabel={t('testing')}>
          {t('test')}
        </Button>
      </div>
    </form>
  );
}
