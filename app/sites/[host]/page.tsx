import { tenantPageMetadata } from '@/components/tenant/page-metadata';
import { PollList } from '@/components/tenant/PollList';
import { param } from '@/components/auth/safe-next';
import { Alert, Card, LinkButton, PageHeader } from '@/components/ui';
import { requireTenantUser } from '@/lib/features/auth/session';
import { PollPager, PollSearch } from '@/components/tenant/PollSearch';
import { decodeCursor, toPage, type PollCursor } from '@/lib/features/polls/page';
import { listPollsQuery } from '@/lib/features/polls/polls';
import { tenantStatement } from '@/lib/tenancy';

export const generateMetadata = tenantPageMetadata('Polls');

type Search = Promise<Record<string, string | string[] | undefined>>;

/** Polls per page of the list. */
const PER_PAGE = 20;

/** A cursor from the URL; a broken one (hand-edited link) just means page one. */
function cursorOf(raw: string | undefined): PollCursor | null {
  if (!raw) return null;
  try {
    return decodeCursor(raw);
  } catch {
    return null;
  }
}

export default async function PollsPage({ searchParams }: { searchParams: Search }) {
  const ctx = await requireTenantUser();
  const sp = await searchParams;
  const q = (param(sp.q) ?? '').trim().slice(0, 200);
  const cursor = cursorOf(param(sp.cursor));
  const rows = await tenantStatement(ctx.tenant, (db) => listPollsQuery(db, ctx.user.uid, { limit: PER_PAGE, cursor, search: q }));
  const { items: polls, next_cursor } = toPage(rows, PER_PAGE);
  const searching = q !== '' || cursor !== null;
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
      {polls.length || searching ? <PollSearch q={q} /> : null}
      {polls.length ? (
        <>
          <PollList polls={polls} />
          <PollPager q={q} nextCursor={next_cursor} onLaterPage={cursor !== null} />
        </>
      ) : searching ? (
        <Card className="text-center">
          <p className="text-slate-800" data-testid="no-match">
            {q ? `No polls match “${q}”.` : 'No more polls.'}
          </p>
        </Card>
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
