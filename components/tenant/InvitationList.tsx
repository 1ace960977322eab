import type { InvitationRow } from '@/lib/features/users/invitations';
import { formatDate, isoDate } from './format';
import { RevokeInvitationButton } from './RevokeInvitationButton';

function status(inv: InvitationRow & { expired: boolean }): string {
  if (inv.expired) return 'Expired';
  if (!inv.sent_at) return 'Queued: the email goes out in a moment (retried if the mail server is away)';
  return `Sent ${formatDate(inv.sent_at)}`;
}

/** Open invitations and where their email stands; `manage` adds a withdraw button to each. */
export function InvitationList({
  invitations,
  manage = false,
}: {
  invitations: (InvitationRow & { expired: boolean })[];
  manage?: boolean;
}) {
  if (invitations.length === 0) return <p className="text-sm text-slate-700">No open invitations.</p>;
  return (
    <ul className="divide-y divide-slate-200 text-sm" data-testid="invitations">
      {invitations.map((inv) => (
        <li key={inv.id} className="flex flex-wrap justify-between gap-2 py-2">
          <span className="break-all text-slate-900">
            {inv.email} <span className="text-slate-600">({inv.role})</span>
          </span>
          <span className="flex flex-wrap items-center gap-2 text-slate-700">
            <span>
              {status(inv)} · valid until <time dateTime={isoDate(inv.expires_at)}>{formatDate(inv.expires_at)}</time>
            </span>
            {manage ? <RevokeInvitationButton invitationId={inv.id} email={inv.email} /> : null}
          </span>
        </li>
      ))}
    </ul>
  );
}
