'use client';

import { useActionState, useState } from 'react';
import { useTranslations } from 'next-intl';
import { Alert, Button, FormError, initialFormState, type FormState } from '@/components/ui';
import { changeRoleAction, removeUserAction, resetPasswordAction } from '@/lib/features/users/actions/manage-users';

/** Change role, reset password, remove (with a confirmation) for one user row; tenant admins only. */
export function UserRowActions({
  userId,
  email,
  role,
  isSelf,
  onlyAdmin = false,
}: {
  userId: number;
  email: string;
  role: 'admin' | 'member';
  isSelf: boolean;
  /** This user is the organisation's only admin: "Make member" explains instead of failing. */
  onlyAdmin?: boolean;
}) {
  const t = useTranslations('tenant.userRow');
  const [roleState, roleAction] = useActionState(changeRoleAction, initialFormState);
  const [pwState, pwAction] = useActionState(resetPasswordAction, initialFormState);
  const [removeState, removeAction] = useActionState(removeUserAction, initialFormState);
  const [open, setOpen] = useState<null | 'password' | 'remove' | 'demote'>(null);
  const other = role === 'admin' ? 'member' : 'admin';
  // Show the answer of the action used last (state adjusted during render when one changes).
  const [seen, setSeen] = useState({ roleState, pwState, removeState, last: null as FormState | null });
  if (seen.roleState !== roleState) setSeen({ ...seen, roleState, last: roleState });
  else if (seen.pwState !== pwState) setSeen({ ...seen, pwState, last: pwState });
  else if (seen.removeState !== removeState) setSeen({ ...seen, removeState, last: removeState });
  const state = seen.last;
  // Drastic role changes ask first: demoting yourself (you lose the admin pages at once) and the
  // only admin (refused: the organisation would have none).
  const confirmDemote = role === 'admin' && (isSelf || onlyAdmin);
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        {confirmDemote ? (
          <Button
            type="button"
            variant="secondary"
            className="px-2 py-1 text-xs"
            aria-expanded={open === 'demote'}
            onClick={() => setOpen(open === 'demote' ? null : 'demote')}
          >
            {t.rich('makeMemberConfirm', { email, sr: (chunks) => <span className="sr-only">{chunks}</span> })}
          </Button>
        ) : (
          <form action={roleAction}>
            <input type="hidden" name="userId" value={userId} />
            <input type="hidden" name="role" value={other} />
            <Button type="submit" variant="secondary" className="px-2 py-1 text-xs" pendingLabel={t('saving')}>
              {t.rich(other === 'admin' ? 'makeAdmin' : 'makeMember', { email, sr: (chunks) => <span className="sr-only">{chunks}</span> })}
            </Button>
          </form>
        )}
        <Button
          type="button"
          variant="secondary"
          className="px-2 py-1 text-xs"
          onClick={() => setOpen(open === 'password' ? null : 'password')}
        >
          {t.rich('resetPassword', { email, sr: (chunks) => <span className="sr-only">{chunks}</span> })}
        </Button>
        {isSelf ? null : (
          <Button
            type="button"
            variant="ghost"
            className="px-2 py-1 text-xs text-red-800"
            onClick={() => setOpen(open === 'remove' ? null : 'remove')}
          >
            {t.rich('remove', { email, sr: (chunks) => <span className="sr-only">{chunks}</span> })}
          </Button>
        )}
      </div>
      {open === 'password' ? (
        <form action={pwAction} className="flex flex-wrap items-end gap-2" noValidate aria-label={t('newPassword', { email })}>
          <input type="hidden" name="userId" value={userId} />
          <label className="text-xs text-slate-800">
            {t('newPassword', { email })}
            <input
              name="password"
              type="password"
              autoComplete="new-password"
              className="mt-1 block w-48 rounded-md border border-slate-400 px-2 py-1 text-sm"
            />
          </label>
          <Button type="submit" className="px-2 py-1 text-xs" pendingLabel={t('saving')}>
            {t('setPassword')}
          </Button>
        </form>
      ) : null}
      {open === 'demote' && onlyAdmin ? (
        <div className="rounded-md border border-amber-300 bg-amber-50 p-2" role="group" aria-label={t('onlyAdminLabel', { email })}>
          <p className="text-xs text-amber-950">{isSelf ? t('onlyAdminSelf') : t('onlyAdminOther', { email })}</p>
          <div className="mt-2">
            <Button type="button" variant="secondary" className="px-2 py-1 text-xs" onClick={() => setOpen(null)}>
              {t('ok')}
            </Button>
          </div>
        </div>
      ) : open === 'demote' ? (
        <form action={roleAction} className="rounded-md border border-amber-300 bg-amber-50 p-2" aria-label={t('demoteLabel')}>
          <input type="hidden" name="userId" value={userId} />
          <input type="hidden" name="role" value="member" />
          <p className="text-xs text-amber-950">{t('demoteBody')}</p>
          <div className="mt-2 flex gap-2">
            <Button type="submit" variant="danger" className="px-2 py-1 text-xs" pendingLabel={t('saving')}>
              {t('demoteYes')}
            </Button>
            <Button type="button" variant="secondary" className="px-2 py-1 text-xs" onClick={() => setOpen(null)}>
              {t('cancel')}
            </Button>
          </div>
        </form>
      ) : null}
      {open === 'remove' ? (
        <form action={removeAction} className="rounded-md border border-red-200 bg-red-50 p-2" aria-label={t('removeLabel', { email })}>
          <input type="hidden" name="userId" value={userId} />
          <p className="text-xs text-red-900">{t('removeBody', { email })}</p>
          <div className="mt-2 flex gap-2">
            <Button type="submit" variant="danger" className="px-2 py-1 text-xs" pendingLabel={t('removing')}>
              {t.rich('removeYes', { email, sr: (chunks) => <span className="sr-only">{chunks}</span> })}
            </Button>
            <Button type="button" variant="secondary" className="px-2 py-1 text-xs" onClick={() => setOpen(null)}>
              {t('cancel')}
            </Button>
          </div>
        </form>
      ) : null}
      {state?.error ? (
        <FormError message={state.error} />
      ) : state?.ok && state.message ? (
        <Alert tone="success">{state.message}</Alert>
      ) : null}
    </div>
  );
}
