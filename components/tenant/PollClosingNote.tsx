import { useTranslations } from 'next-intl';
import { isoDate } from './format';
import { LocalTime } from './LocalTime';

/** "Voting closes on 31 Jan 2027, 19:00 CET" (the reader's time zone, UTC on hover) / "Voting closed on …"; nothing without a closing time. */
export function PollClosingNote({ closesAt, closed }: { closesAt: Date | null; closed: boolean }) {
  const t = useTranslations('polls.closingNote');
  if (!closesAt && !closed) return null;
  const when = () => (closesAt ? <LocalTime iso={isoDate(closesAt)} /> : null);
  return (
    <p className="mt-1 text-sm text-slate-700" data-testid="poll-closing">
      {closed ? (closesAt ? t.rich('closedOn', { when }) : t('closed')) : t.rich('closesOn', { when })}
    </p>
  );
}
