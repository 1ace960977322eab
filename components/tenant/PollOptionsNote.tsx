import { useTranslations } from 'next-intl';
import type { PollView } from '@/lib/features/polls/polls';
import { Badge } from '@/components/ui';

/** The poll's voting options, said in words under its title (nothing when both are off). */
export function PollOptionsNote({ poll }: { poll: Pick<PollView, 'allow_vote_change' | 'hide_results'> }) {
  const t = useTranslations('polls.options');
  if (!poll.allow_vote_change && !poll.hide_results) return null;
  return (
    <ul className="flex flex-wrap gap-2" aria-label={t('label')} data-testid="poll-options">
      {poll.allow_vote_change ? (
        <li>
          <Badge tone="info">{t('changeable')}</Badge>
        </li>
      ) : null}
      {poll.hide_results ? (
        <li>
          <Badge tone="info">{t('hidden')}</Badge>
        </li>
      ) : null}
    </ul>
  );
}
