import { useLocale, useTranslations } from 'next-intl';
import type { InvitationRow } from '@/lib/features/users/invitations';
import { formatDateIn, isoDate } from './format';
import { RevokeInvitationButton } from './RevokeInvitationButton';

/** Open invitations and where their email stands; `manage` adds a withdraw button to each. */
export function InvitationList({
  invitations,
  manage = false,
}: {
  invitations: (InvitationRow & { expired: boolean })[];
  manage?: boolean;
}) {
  const t = useTranslations('tenant.invitationList');
  const roles = useTranslations('tenant.roles');
  const locale = useLocale();
  const day = (d: Date) => formatDateIn(locale, d);
  const status = (inv: InvitationRow & { expired: boolean }): string => {
    if (inv.expired) return t('expired');
    if (!inv.sent_at) return t('queued');
    return t('sent', { date: day(inv.sent_at) });
  };
  if (invitations.length === 0) return <p className="text-sm text-slate-700">{t('empty')}</p>;
  return (
    <ul className="divide-y divide-slate-200 text-sm" data-testid="invitations">
      {invitations.map((inv) => (
        <li key={inv.id} className="flex flex-wrap justify-between gap-2 py-2">
          <span className="break-all text-slate-900">
            {inv.email} <span className="text-slate-600">({roles(inv.role)})</span>
          </span>
          <span className="flex flex-wrap items-center gap-2 text-slate-700">
            <span>
              {t.rich('line', {
                status: status(inv),
                date: day(inv.expires_at),
                time: (chunks) => <time dateTime={isoDate(inv.expires_at)}>{chunks}</time>,
              })}
            </span>
            {manage ? <RevokeInvitationButton invitationId={inv.id} email={inv.email} /> : null}
          </span>
        </li>
      ))}
    </ul>
  );
}
