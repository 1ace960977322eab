import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { getLocale, getTranslations } from 'next-intl/server';
import { pollPageMetadata } from '@/components/tenant/page-metadata';
import { notFound } from 'next/navigation';
import { param } from '@/components/auth/safe-next';
import { ClosePollButton } from '@/components/tenant/ClosePollButton';
import { DeletePollButton } from '@/components/tenant/DeletePollButton';
import { ResultsChart } from '@/components/tenant/ResultsChart';
import { VoteForm } from '@/components/tenant/VoteForm';
import { PollClosingNote } from '@/components/tenant/PollClosingNote';
import { PollOptionsNote } from '@/components/tenant/PollOptionsNote';
import { formatDateIn, isoDate } from '@/components/tenant/format';
import { canChangePoll } from '@/lib/features/polls/permissions';
import { Alert, Card, ForgetQueryFlags, LinkButton } from '@/components/ui';
import { requireTenantUser } from '@/lib/features/auth/session';
import { getPoll, pollId } from '@/lib/features/polls/polls';
import { withTenant } from '@/lib/tenancy';

type Params = Promise<{ id: string }>;
type Search = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata(props: { params: Params }): Promise<Metadata> {
  return pollPageMetadata((await getTranslations('polls.poll'))('title'))(props);
}

export default async function PollPage({ params, searchParams }: { params: Params; searchParams: Search }) {
  const parsed = pollId.safeParse((await params).id);
  if (!parsed.success) notFound();
  const id = parsed.data;
  const ctx = await requireTenantUser({ next: `/polls/${id}` });
  const poll = await withTenant(ctx.tenant, (db) => getPoll(db, id, ctx.user.uid));
  if (!poll) notFound();
  const sp = await searchParams;
  const t = await getTranslations('polls.poll');
  const locale = await getLocale();
  const strong = (chunks: ReactNode) => <strong>{chunks}</strong>;
  const mayChange = canChangePoll(ctx.user, poll) && !ctx.readOnly;
  const myChoice = poll.choices.find((c) => c.id === poll.my_choice_id);

  return (
    <article className="space-y-6">
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h1 className="break-words text-2xl font-bold tracking-tight text-slate-900">{poll.question}</h1>
          <p className="mt-1 text-sm text-slate-700">
            {t.rich('askedBy', {
              author: poll.author ?? t('formerUser'),
              date: formatDateIn(locale, poll.pub_date),
              when: (chunks) => <time dateTime={isoDate(poll.pub_date)}>{chunks}</time>,
            })}
          </p>
          <PollClosingNote closesAt={poll.closes_at} closed={poll.closed} />
        </div>
        {mayChange ? (
          <LinkButton href={`/polls/${poll.id}/edit`} variant="secondary">
            {t('edit')}
          </LinkButton>
        ) : null}
      </header>

      <PollOptionsNote poll={poll} />

      <ForgetQueryFlags names={['created', 'updated', 'voted', 'changed', 'closed']} />
      {/* "Share this page" is for the creator only: the flag may come with a shared link. */}
      {param(sp.created) && poll.created_by === ctx.user.uid ? <Alert tone="success">{t('created')}</Alert> : null}
      {param(sp.updated) ? <Alert tone="success">{t('updated')}</Alert> : null}
      {param(sp.voted) ? <Alert tone="success">{t('voted')}</Alert> : null}
      {param(sp.closed) && poll.closed ? <Alert tone="success">{t('closed')}</Alert> : null}
      {param(sp.changed) ? <Alert tone="success">{t('changed')}</Alert> : null}

      <div className="grid gap-6 md:grid-cols-2">
        <Card title={t('yourVote')}>
          {myChoice && poll.allow_vote_change && !poll.closed && !ctx.readOnly ? (
            <>
              <p className="mb-4 text-sm text-slate-800" data-testid="already-voted">
                {t.rich('votedForChangeable', { choice: myChoice.choice_text, b: strong })}
              </p>
              <VoteForm pollId={poll.id} choices={poll.choices} current={myChoice.id} />
            </>
          ) : myChoice ? (
            <p className="text-sm text-slate-800" data-testid="already-voted">
              {t.rich(poll.closed ? 'votedForClosed' : poll.allow_vote_change ? 'votedForReadOnly' : 'votedForFinal', {
                choice: myChoice.choice_text,
                b: strong,
              })}
            </p>
          ) : poll.closed ? (
            <p className="text-sm text-slate-800" data-testid="poll-closed">
              {t('pollClosed')}
            </p>
          ) : ctx.readOnly ? (
            <p className="text-sm text-slate-800">{t('readOnly')}</p>
          ) : (
            <VoteForm pollId={poll.id} choices={poll.choices} />
          )}
        </Card>
        <Card>
          <ResultsChart poll={poll} />
        </Card>
      </div>

      {mayChange && !poll.closed ? (
        <section aria-labelledby="close-voting" className="border-t border-slate-200 pt-6">
          <h2 id="close-voting" className="mb-3 text-base font-semibold text-slate-900">
            {t('endVoting')}
          </h2>
          <ClosePollButton pollId={poll.id} />
        </section>
      ) : null}

      {mayChange ? (
        <section aria-labelledby="danger-zone" className="border-t border-slate-200 pt-6">
          <h2 id="danger-zone" className="mb-3 text-base font-semibold text-slate-900">
            {t('delete')}
          </h2>
          <DeletePollButton pollId={poll.id} votes={poll.total_votes} />
        </section>
      ) : null}
    </article>
  );
}
