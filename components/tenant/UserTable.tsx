import { useLocale, useTranslations } from 'next-intl';
import { Badge, DataTable } from '@/components/ui';
import type { PublicUser } from '@/lib/features/auth/users';
import { formatDateIn, isoDate } from './format';
import { UserRowActions } from './UserRowActions';

/** The tenant's users; scrolls sideways on narrow screens. */
export function UserTable({ users, currentUserId, manage = false }: { users: PublicUser[]; currentUserId: number; manage?: boolean }) {
  const t = useTranslations('tenant');
  const locale = useLocale();
  const adminCount = users.filter((u) => u.role === 'admin').length;
  return (
    <DataTable
      caption={t('userTable.caption')}
      label={t('userTable.label')}
      minWidth="min-w-[44rem]"
      rows={users}
      rowKey={(u) => String(u.id)}
      columns={[
        {
          key: 'email',
          header: t('userTable.email'),
          wrap: true,
          className: 'text-slate-900',
          cell: (u) => (
            <>
              {u.email}
              {u.id === currentUserId ? <span className="ml-2 text-xs text-slate-600">{t('userTable.you')}</span> : null}
            </>
          ),
        },
        { key: 'name', header: t('userTable.name'), wrap: true, className: 'text-slate-800', cell: (u) => u.name || '—' },
        {
          key: 'role',
          header: t('userTable.role'),
          cell: (u) => <Badge tone={u.role === 'admin' ? 'info' : 'neutral'}>{t(`roles.${u.role}`)}</Badge>,
        },
        {
          key: 'added',
          header: t('userTable.added'),
          className: 'text-slate-800',
          cell: (u) => <time dateTime={isoDate(u.created_at)}>{formatDateIn(locale, u.created_at)}</time>,
        },
        manage && {
          key: 'actions',
          header: t('userTable.actions'),
          className: 'align-top',
          cell: (u) => (
            <UserRowActions
              userId={u.id}
              email={u.email}
              role={u.role}
              isSelf={u.id === currentUserId}
              onlyAdmin={u.role === 'admin' && adminCount === 1}
            />
          ),
        },
      ]}
    />
  );
}
