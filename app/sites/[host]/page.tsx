import { tenantPageMetadata } from '@/components/tenant/page-metadata';
import { PollList } from '@/components/tenant/PollList';
import { param } from '@/components/auth/safe-next';
import { Alert, Card, LinkButton, PageHeader } from '@/components/ui';
import { adminOnlySentence } from '@/lib/features/auth/admin-only';
import { requireTenantUser } from '@/lib/features/auth/session';
import { PollPager, PollSearch } from '@/components/tenant/PollSearch';
import { decodeCursor, encodeCursor, toPage, type PollCursor } from '@/lib/features/polls/page';
import { listPollsQuery, pollListPosition } from '@/lib/features/polls/polls';
import { tenantStatement, withTenant } from '@/lib/tenancy';

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
  // `cursor`: the page of polls older than it ("Older polls"); `before`: the page newer than it.
  const cursor = cursorOf(param(sp.cursor));
  const before = cursor ? null : cursorOf(param(sp.before));
  const rows = await tenantStatement(ctx.tenant, (db) => listPollsQuery(db, ctx.user.uid, { limit: PER_PAGE, cursor, before, search: q }));
  const shown = before ? rows.slice(0, PER_PAGE).reverse() : rows;
  const { items: polls } = toPage(shown, PER_PAGE);
  const first = shown[0];
  const last = shown[Math.min(shown.length, PER_PAGE) - 1];
  // Where this page is in the whole list: "Polls 21–40 of 57".
  const position = polls.length
    ? await withTenant(ctx.tenant, (db) => pollListPosition(db, q || null, first ? { micros: first.page_key, id: first.id } : null))
    : null;
  const pager = position
    ? {
        from: position.newer + 1,
        to: position.newer + polls.length,
        total: position.total,
        // Back to page one when the newer polls fit on it (a plain address), else the page before this one.
        newer: position.newer === 0 ? null : position.newer <= PER_PAGE ? '' : encodeCursor({ micros: first!.page_key, id: first!.id }),
        older: position.newer + polls.length < position.total && last ? encodeCursor({ micros: last.page_key, id: last.id }) : null,
      }
    : null;
  const searching = q !== '' || cursor !== null || before !== null;
  return (
    <>
      <PageHeader
        title="Polls"
        description={`Everything ${ctx.tenant.name} is deciding.`}
        actions={ctx.readOnly ? null : <LinkButton href="/polls/new">New poll</LinkButton>}
      />
      {param(sp.welcome) ? (
        <Alert tone="success" title="Your organisation is ready" className="mb-4">
          You are signed in as its first admin. Ask the first question, or invite people from Users.
        </Alert>
      ) : null}
      {param(sp.joined) ? (
        <Alert tone="success" className="mb-4">
          Welcome to {ctx.tenant.name}: you are signed in.
        </Alert>
      ) : null}
      {param(sp.deleted) ? (
        <Alert tone="success" className="mb-4">
          The poll was deleted.
        </Alert>
      ) : null}
      {param(sp.error) === 'admin-only' ? (
        <Alert tone="error" className="mb-4">
          {adminOnlySentence(param(sp.page))}
        </Alert>
      ) : null}
      {polls.length || searching ? <PollSearch q={q} /> : null}
      {polls.length ? (
        <>
          <PollList polls={polls} />
          {pager ? <PollPager q={q} {...pager} /> : null}
        </>
      ) : searching ? (
        <Card className="text-center">
          <p className="text-slate-800 [overflow-wrap:anywhere]" data-testid="no-match">
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
