'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { Alert, Button, Field, FormError, SelectField, bannerError } from '@/components/ui';
import { createPersonalTokenAction, revokePersonalTokenAction } from '@/lib/features/auth/actions/personal-tokens';

const EXPIRY_OPTIONS = [
  { value: '7', key: 'd7' },
  { value: '30', key: 'd30' },
  { value: '90', key: 'd90' },
  { value: '365', key: 'd365' },
  { value: 'never', key: 'never' },
] as const;

/** Issue 23, part 2: make a personal API token (shown once). */
export function NewPersonalTokenForm() {
  const [state, action] = useActionState(createPersonalTokenAction, {});
  const fe = state.fieldErrors ?? {};
  const t = useTranslations('auth.tokens');
  return (
    <form action={action} className="space-y-4" aria-label={t('formLabel')}>
      <FormError message={bannerError(state)} />
      {state.ok && state.token ? (
        <Alert tone="success" title={state.message}>
          <code data-testid="new-token" className="break-all">
            {state.token}
          </code>
        </Alert>
      ) : null}
      <Field
        name="name"
        label={t('name')}
        defaultValue={state.ok ? '' : (state.values?.name ?? '')}
        error={fe.name}
        maxLength={100}
        required
      />
      <SelectField
        name="expiresInDays"
        label={t('expires')}
        defaultValue={state.values?.expiresInDays ?? '90'}
        error={fe.expiresInDays}
        options={EXPIRY_OPTIONS.map((o) => ({ value: o.value, label: t(`expiry.${o.key}`) }))}
      />
      <Button type="submit" pendingLabel={t('creating')}>
        {t('create')}
      </Button>
    </form>
  );
}

/** One token's Revoke button (takes effect at once). */
export function RevokeTokenButton({ id, name }: { id: number; name: string }) {
  const [state, action] = useActionState(revokePersonalTokenAction, {});
  const t = useTranslations('auth.tokens');
  return (
    <form action={action} aria-label={t('revokeLabel', { name })}>
      <input type="hidden" name="id" value={id} />
      <FormError message={bannerError(state)} />
      <Button type="submit" variant="danger" pendingLabel={t('revoking')}>
        {t('revoke')}
      </Button>
    </form>
  );
}
