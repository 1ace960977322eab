import { Badge } from '@/components/ui';
import type { PublicUser } from '@/lib/features/auth/users';
import { formatDate, isoDate } from './format';
import { UserRowActions } from './UserRowActions';

/** The tenant's users; scrolls sideways on narrow screens. */
export function UserTable({ users, currentUserId, manage = false }: { users: PublicUser[]; currentUserId: number; manage?: boolean }) {
  const adminCount = users.filter((u) => u.role === 'admin').length;
  return (
    <>
      {/* Narrow screens clip the table: say that it scrolls. */}
      <p className="mb-2 text-xs text-slate-600 sm:hidden" data-testid="scroll-cue">
        The table scrolls sideways: swipe or use the arrow keys to see every column.
      </p>
      {/* Focusable so keyboard users can scroll it sideways on narrow screens. */}
      <div
        className="relative overflow-x-auto rounded focus-visible:outline-3 focus-visible:outline-indigo-600"
        tabIndex={0}
        role="region"
        aria-label="Users"
      >
        <table className="w-full min-w-[44rem] text-left text-sm">
          <caption className="sr-only">Users of this organisation</caption>
          <thead className="border-b border-slate-300 text-slate-700">
            <tr>
              <th scope="col" className="py-2 pr-4 font-semibold">
                Email
              </th>
              <th scope="col" className="py-2 pr-4 font-semibold">
                Name
              </th>
              <th scope="col" className="py-2 pr-4 font-semibold">
                Role
              </th>
              <th scope="col" className="py-2 pr-4 font-semibold">
                Added
              </th>
              {manage ? (
                <th scope="col" className="py-2 font-semibold">
                  Actions
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200">
            {users.map((u) => (
              <tr key={u.id}>
                <td className="py-2 pr-4 [overflow-wrap:anywhere] text-slate-900">
                  {u.email}
                  {u.id === currentUserId ? <span className="ml-2 text-xs text-slate-600">(you)</span> : null}
                </td>
                <td className="py-2 pr-4 [overflow-wrap:anywhere] text-slate-800">{u.name || '—'}</td>
                <td className="py-2 pr-4">
                  <Badge tone={u.role === 'admin' ? 'info' : 'neutral'}>{u.role}</Badge>
                </td>
                <td className="py-2 pr-4 text-slate-800">
                  <time dateTime={isoDate(u.created_at)}>{formatDate(u.created_at)}</time>
                </td>
                {manage ? (
                  <td className="py-2 align-top">
                    <UserRowActions
                      userId={u.id}
                      email={u.email}
                      role={u.role}
                      isSelf={u.id === currentUserId}
                      onlyAdmin={u.role === 'admin' && adminCount === 1}
                    />
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
