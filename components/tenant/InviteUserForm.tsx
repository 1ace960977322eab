'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { RoleField } from './RoleField';
import { Button, Field, FormError, initialFormState } from '@/components/ui';
import { inviteUserAction } from '@/lib/features/users/actions/invitations';

/** Tenant admins invite someone by email; the person chooses their own password from the link. */
export function InviteUserForm() {
  const t = useTranslations('tenant.inviteForm');
  const [state, action] = useActionState(inviteUserAction, initialFormState);
  const v = state.values ?? {};
  const fe = state.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormError message={state.error} />
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
        <RoleField value={v.role} error={fe.role} />
      </div>
      <Button type="submit" pendingLabel={t('pending')}>
        {t('submit')}
      </Button>
    </form>
  );
}
