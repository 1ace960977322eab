import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { pollPageMetadata } from '@/components/tenant/page-metadata';
import { notFound } from 'next/navigation';
import { PollForm } from '@/components/tenant/PollForm';
import { canChangePoll } from '@/lib/features/polls/permissions';
import { Alert, Card, LinkButton, PageHeader } from '@/components/ui';
import { requireTenantUser } from '@/lib/features/auth/session';
import { getPoll, pollHasVotes, pollVersion, pollId } from '@/lib/features/polls/polls';
import { withTenant } from '@/lib/tenancy';

type Params = Promise<{ id: string }>;

export async function generateMetadata(props: { params: Params }): Promise<Metadata> {
  const t = await getTranslations('polls.edit');
  return pollPageMetadata(t('title'), t('titlePrefix'))(props);
}

export default async function EditPollPage({ params }: { params: Params }) {
  const parsed = pollId.safeParse((await params).id);
  if (!parsed.success) notFound();
  const id = parsed.data;
  const ctx = await requireTenantUser({ next: `/polls/${id}/edit` });
  // Whether votes exist is asked separately: the poll's counts may be hidden from this editor.
  const [poll, hasVotes, version] = await withTenant(
    ctx.tenant,
    async (db) => [await getPoll(db, id, ctx.user.uid), await pollHasVotes(db, id), await pollVersion(db, id)] as const,
  );
  if (!poll) notFound();
  const t = await getTranslations('polls.edit');
  const back = (
    <LinkButton href={`/polls/${poll.id}`} variant="secondary">
      {t('back')}
    </LinkButton>
  );

  if (!canChangePoll(ctx.user, poll)) {
    return (
      <>
        <PageHeader title={t('title')} actions={back} />
        <Alert tone="error" title={t('cannotEditTitle')}>
          {t('cannotEditBody', { author: poll.author ?? t('formerUser') })}
        </Alert>
      </>
    );
  }
  return (
    <>
      <PageHeader title={t('title')} actions={back} />
      {ctx.readOnly ? (
        <Alert tone="warning">{t('readOnly')}</Alert>
      ) : (
        <Card>
          <PollForm
            mode="edit"
            pollId={poll.id}
            question={poll.question}
            choices={poll.choices.map((c) => c.choice_text)}
            lockCount={hasVotes}
            closesAt={poll.closes_at ? poll.closes_at.toISOString() : null}
            allowVoteChange={poll.allow_vote_change}
            hideResults={poll.hide_results}
            closed={poll.closed}
            version={version ?? undefined}
          />
        </Card>
      )}
    </>
  );
}
