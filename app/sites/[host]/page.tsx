import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { tenantPageMetadata } from '@/components/tenant/page-metadata';
import { PollList } from '@/components/tenant/PollList';
import { param } from '@/components/auth/safe-next';
import { Alert, Card, LinkButton, PageHeader } from '@/components/ui';
import { requireTenantUser } from '@/lib/features/auth/session';
import { PollPager, PollSearch } from '@/components/tenant/PollSearch';
import { decodeCursor, encodeCursor, toPage, type PollCursor } from '@/lib/features/polls/page';
import { listPollsQuery, pollListPosition } from '@/lib/features/polls/polls';
import { tenantStatement, withTenant } from '@/lib/tenancy';

export async function generateMetadata(): Promise<Metadata> {
  return tenantPageMetadata((await getTranslations('polls.list'))('title'))();
}

/** The admin pages a member may have been sent away from (lib/features/auth/admin-only.ts), each with its own sentence. */
const ADMIN_ONLY_PAGES = ['users', 'settings', 'domains', 'audit', 'download'] as const;
type AdminOnlyPage = (typeof ADMIN_ONLY_PAGES)[number];
const adminOnlyKey = (page: string | undefined): AdminOnlyPage | 'other' => ADMIN_ONLY_PAGES.find((p) => p === page) ?? 'other';

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
  const t = await getTranslations('polls.list');
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
        title={t('title')}
        description={t('description', { name: ctx.tenant.name })}
        actions={ctx.readOnly ? null : <LinkButton href="/polls/new">{t('newPoll')}</LinkButton>}
      />
      {param(sp.welcome) ? (
        <Alert tone="success" title={t('welcomeTitle')} className="mb-4">
          {t('welcomeBody')}
        </Alert>
      ) : null}
      {param(sp.joined) ? (
        <Alert tone="success" className="mb-4">
          {t('joined', { name: ctx.tenant.name })}
        </Alert>
      ) : null}
      {param(sp.deleted) ? (
        <Alert tone="success" className="mb-4">
          {t('deleted')}
        </Alert>
      ) : null}
      {param(sp.error) === 'admin-only' ? (
        <Alert tone="error" className="mb-4">
          {t(`adminOnly.${adminOnlyKey(param(sp.page))}`)}
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
            {q ? t('noMatch', { q }) : t('noMore')}
          </p>
        </Card>
      ) : (
        <Card className="text-center">
          <p className="text-slate-800">{t('empty')}</p>
          {!ctx.readOnly ? <p className="mt-1 text-sm text-slate-700">{t('emptyHint')}</p> : null}
          {!ctx.readOnly ? (
            <div className="mt-4">
              <LinkButton href="/polls/new">{t('createFirst')}</LinkButton>
            </div>
          ) : null}
        </Card>
      )}
    </>
  );
}
