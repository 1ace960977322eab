import { Badge, DataTable } from '@/components/ui';
import type { PublicUser } from '@/lib/features/auth/users';
import { formatDate, isoDate } from './format';
import { UserRowActions } from './UserRowActions';

/** The tenant's users; scrolls sideways on narrow screens. */
export function UserTable({ users, currentUserId, manage = false }: { users: PublicUser[]; currentUserId: number; manage?: boolean }) {
  const adminCount = users.filter((u) => u.role === 'admin').length;
  return (
    <DataTable
      caption="Users of this organisation"
      label="Users"
      minWidth="min-w-[44rem]"
      rows={users}
      rowKey={(u) => String(u.id)}
      columns={[
        {
          key: 'email',
          header: 'Email',
          wrap: true,
          className: 'text-slate-900',
          cell: (u) => (
            <>
              {u.email}
              {u.id === currentUserId ? <span className="ml-2 text-xs text-slate-600">(you)</span> : null}
            </>
          ),
        },
        { key: 'name', header: 'Name', wrap: true, className: 'text-slate-800', cell: (u) => u.name || '—' },
        { key: 'role', header: 'Role', cell: (u) => <Badge tone={u.role === 'admin' ? 'info' : 'neutral'}>{u.role}</Badge> },
        {
          key: 'added',
          header: 'Added',
          className: 'text-slate-800',
          cell: (u) => <time dateTime={isoDate(u.created_at)}>{formatDate(u.created_at)}</time>,
        },
        manage && {
          key: 'actions',
          header: 'Actions',
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
