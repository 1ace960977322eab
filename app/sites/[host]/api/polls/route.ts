import { NextResponse } from 'next/server';
import { pageParams, toPage } from '@/lib/features/polls/page';
import { createPoll, listPollsQuery, newPollInput } from '@/lib/features/polls/polls';
import { requireApiUser } from '@/lib/http/api-auth';
import { assertPublicReads, assertWritable, bearerToken, readJson, tenantRoute } from '@/lib/http/tenant-route';
import { tenantStatement, withTenant } from '@/lib/tenancy';
import { schedulePollClose } from '@/lib/features/polls/closing';

export const GET = tenantRoute(async (ctx) => {
  // ?limit=N (1–100, default 50) &cursor=C (next_cursor of the previous page); a bad one is a 400.
  const page = pageParams(ctx.req.nextUrl.searchParams);
  // Anonymous: one statement in one round trip. With a token: the token check and the list in one transaction.
  const anonymous = bearerToken(ctx.req) === null;
  if (anonymous) assertPublicReads(ctx.tenant);
  const rows = anonymous
    ? await tenantStatement(ctx.tenant, (db) => listPollsQuery(db, null, page))
    : await withTenant(ctx.tenant, async (db) => listPollsQuery(db, (await requireApiUser(ctx, db)).id, page).execute());
  const { items, next_cursor } = toPage(rows, page.limit);
  return NextResponse.json({ tenant: ctx.tenant.schema, polls: items, next_cursor });
});

export const POST = tenantRoute(async (ctx) => {
  assertWritable(ctx.tenant);
  const input = await readJson(ctx.req, newPollInput);
  const poll = await withTenant(ctx.tenant, async (db) => {
    const created = await createPoll(db, await requireApiUser(ctx, db), input, { maxPolls: ctx.tenant.maxPolls });
    if (input.closes_at) await schedulePollClose(db, ctx.tenant, created.id, input.closes_at);
    return created;
  });
  return NextResponse.json({ tenant: ctx.tenant.schema, ...poll }, { status: 201 });
});
