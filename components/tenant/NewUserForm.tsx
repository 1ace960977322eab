'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { RoleField } from './RoleField';
import { Button, Field, FormError, initialFormState, bannerError } from '@/components/ui';
import { createUserAction } from '@/lib/features/users/actions/users';

/** Tenant admins add a member or admin. */
export function NewUserForm() {
  const t = useTranslations('tenant.newUserForm');
  const [state, action] = useActionState(createUserAction, initialFormState);
  const v = state.values ?? {};
  const fe = state.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormError message={bannerError(state)} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          name="email"
          label={t('email')}
          type="email"
          defaultValue={v.email}
          error={fe.email}
          required
          maxLength={254}
          autoComplete="off"
        />
        <Field name="name" label={t('name')} defaultValue={v.name} error={fe.name} maxLength={200} autoComplete="off" />
        <Field
          name="password"
          label={t('password')}
          type="password"
          error={fe.password}
          required
          minLength={8}
          maxLength={200}
          autoComplete="new-password"
          hint={t('passwordHint')}
        />
        <RoleField value={v.role} error={fe.role} />
      </div>
      <Button type="submit" pendingLabel={t('pending')}>
        {t('submit')}
      </Button>
    </form>
  );
}
