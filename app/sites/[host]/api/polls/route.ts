import { NextResponse } from 'next/server';
import { createPoll, listPolls, newPollInput } from '@/lib/polls/polls';
import { optionalApiUser, requireApiUser } from '@/lib/http/api-auth';
import { assertWritable, readJson, tenantRoute } from '@/lib/http/tenant-route';
import { withTenant } from '@/lib/tenancy/with-tenant';

export const GET = tenantRoute(async (ctx) => {
  const polls = await withTenant(ctx.tenant, async (db) => {
    const user = await optionalApiUser(ctx, db);
    return listPolls(db, user?.id ?? null);
  });
  return NextResponse.json({ tenant: ctx.tenant.schema, polls });
});

export const POST = tenantRoute(async (ctx) => {
  assertWritable(ctx.tenant);
  const input = await readJson(ctx.req, newPollInput);
  const poll = await withTenant(ctx.tenant, async (db) => createPoll(db, await requireApiUser(ctx, db), input));
  return NextResponse.json({ tenant: ctx.tenant.schema, ...poll }, { status: 201 });
});
