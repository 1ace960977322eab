import { tenantPageMetadata } from '@/components/tenant/page-metadata';
import { PollList } from '@/components/tenant/PollList';
import { param } from '@/components/auth/safe-next';
import { Alert, Card, LinkButton, PageHeader } from '@/components/ui';
import { requireTenantUser } from '@/lib/auth/session';
import { listPollsQuery } from '@/lib/polls/polls';
import { tenantStatement } from '@/lib/tenancy';

export const generateMetadata = tenantPageMetadata('Polls');

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function PollsPage({ searchParams }: { searchParams: Search }) {
  const ctx = await requireTenantUser();
  const sp = await searchParams;
  const polls = await tenantStatement(ctx.tenant, (db) => listPollsQuery(db, ctx.user.uid));
  return (
    <>
      <PageHeader
        title="Polls"
        description={`Everything ${ctx.tenant.name} is deciding.`}
        actions={ctx.readOnly ? null : <LinkButton href="/polls/new">New poll</LinkButton>}
      />
      {param(sp.deleted) ? (
        <Alert tone="success" className="mb-4">
          The poll was deleted.
        </Alert>
      ) : null}
      {param(sp.error) === 'admin-only' ? (
        <Alert tone="error" className="mb-4">
          Only the organisation’s admins can manage users.
        </Alert>
      ) : null}
      {polls.length ? (
        <PollList polls={polls} />
      ) : (
        <Card className="text-center">
          <p className="text-slate-800">No polls yet.</p>
          {!ctx.readOnly ? <p className="mt-1 text-sm text-slate-700">Ask the first question: it takes a few seconds.</p> : null}
          {!ctx.readOnly ? (
            <div className="mt-4">
              <LinkButton href="/polls/new">Create the first poll</LinkButton>
            </div>
          ) : null}
        </Card>
      )}
    </>
  );
}
