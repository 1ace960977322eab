import { NextResponse } from 'next/server';
import { UserError } from '@/lib/infra/errors';
import { castVote, pollId, voteInput } from '@/lib/features/polls/polls';
import { requireApiUser } from '@/lib/http/api-auth';
import { assertWritable, readJson, tenantRoute } from '@/lib/http/tenant-route';
import { withTenant } from '@/lib/tenancy';

export const POST = tenantRoute(async (ctx) => {
  assertWritable(ctx.tenant);
  const id = pollId.safeParse(ctx.params.id);
  if (!id.success) throw new UserError('Poll not found.', 404);
  const { choice_id } = await readJson(ctx.req, voteInput);
  const vote = await withTenant(ctx.tenant, async (db) => castVote(db, await requireApiUser(ctx, db), id.data, choice_id));
  // A first vote is created (201); a changed vote, on a poll that allows it, replaced the first (200).
  return NextResponse.json({ tenant: ctx.tenant.schema, ...vote }, { status: vote.replaced ? 200 : 201 });
});
