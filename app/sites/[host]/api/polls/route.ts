import { NextResponse } from 'next/server';
import { createPoll, listPolls, listPollsQuery, newPollInput } from '@/lib/polls/polls';
import { requireApiUser } from '@/lib/http/api-auth';
import { assertWritable, bearerToken, readJson, tenantRoute } from '@/lib/http/tenant-route';
import { tenantStatement, withTenant } from '@/lib/tenancy';

export const GET = tenantRoute(async (ctx) => {
  // Anonymous: one statement in one round trip. With a token: the token check and the list in one transaction.
  const polls =
    bearerToken(ctx.req) === null
      ? await tenantStatement(ctx.tenant, (db) => listPollsQuery(db, null))
      : await withTenant(ctx.tenant, async (db) => listPolls(db, (await requireApiUser(ctx, db)).id));
  return NextResponse.json({ tenant: ctx.tenant.schema, polls });
});

export const POST = tenantRoute(async (ctx) => {
  assertWritable(ctx.tenant);
  const input = await readJson(ctx.req, newPollInput);
  const poll = await withTenant(ctx.tenant, async (db) =>
    createPoll(db, await requireApiUser(ctx, db), input, { maxPolls: ctx.tenant.maxPolls }),
  );
  return NextResponse.json({ tenant: ctx.tenant.schema, ...poll }, { status: 201 });
});
