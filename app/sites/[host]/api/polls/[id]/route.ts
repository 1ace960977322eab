import { NextResponse } from 'next/server';
import { UserError } from '@/lib/infra/errors';
import { deletePoll, getPoll, pollId, pollQuery, pollUpdateInput, updatePoll } from '@/lib/features/polls/polls';
import { requireApiUser } from '@/lib/http/api-auth';
import { assertPublicReads, assertWritable, bearerToken, readJson, tenantRoute } from '@/lib/http/tenant-route';
import { tenantStatement, withTenant } from '@/lib/tenancy';
import { schedulePollClose } from '@/lib/features/polls/closing';

function idOf(params: Record<string, string>): number {
  const id = pollId.safeParse(params.id);
  if (!id.success) throw new UserError('Poll not found.', 404);
  return id.data;
}

export const GET = tenantRoute(async (ctx) => {
  const id = idOf(ctx.params);
  const anonymous = bearerToken(ctx.req) === null;
  if (anonymous) assertPublicReads(ctx.tenant);
  const poll = anonymous
    ? (await tenantStatement(ctx.tenant, (db) => pollQuery(db, id, null)))[0]
    : await withTenant(ctx.tenant, async (db) => getPoll(db, id, (await requireApiUser(ctx, db)).id));
  if (!poll) throw new UserError('Poll not found.', 404);
  return NextResponse.json({ tenant: ctx.tenant.schema, poll });
});

export const PATCH = tenantRoute(async (ctx) => {
  assertWritable(ctx.tenant);
  const id = idOf(ctx.params);
  const input = await readJson(ctx.req, pollUpdateInput);
  const poll = await withTenant(ctx.tenant, async (db) => {
    const updated = await updatePoll(db, await requireApiUser(ctx, db), id, input);
    if (input.closes_at !== undefined) await schedulePollClose(db, ctx.tenant, id, input.closes_at);
    return updated;
  });
  return NextResponse.json({ tenant: ctx.tenant.schema, poll });
});

export const DELETE = tenantRoute(async (ctx) => {
  assertWritable(ctx.tenant);
  const id = idOf(ctx.params);
  await withTenant(ctx.tenant, async (db) => deletePoll(db, await requireApiUser(ctx, db), id));
  return new NextResponse(null, { status: 204 });
});
