import { isoDate } from './format';

const dateTimeFmt = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

/** "Closes on 31 Jan 2027, 18:00 UTC" / "Closed on …"; nothing for a poll without a closing time. */
export function PollClosingNote({ closesAt, closed }: { closesAt: Date | null; closed: boolean }) {
  if (!closesAt && !closed) return null;
  const when = closesAt ? <time dateTime={isoDate(closesAt)}>{dateTimeFmt.format(closesAt)} UTC</time> : null;
  return (
    <p className="mt-1 text-sm text-slate-700" data-testid="poll-closing">
      {closed ? <>Voting closed{when ? <> on {when}</> : null}.</> : <>Voting closes on {when}.</>}
    </p>
  );
}
