'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { formStateFromIssues, textValue, type FormState } from '@/lib/web/form-state';
import {
  castVote,
  closePollNow,
  createPoll,
  deletePoll,
  newPollInput,
  pollId,
  pollUpdateInput,
  updatePoll,
} from '@/lib/features/polls/polls';
import { withTenant } from '@/lib/tenancy';
import { formAction } from '@/lib/web/action';
import { readClosesAt, readPollForm, readVoteOptions } from './poll-form';
import { IMPERSONATED_VOTE_SENTENCE, pollPath, tenantWriter } from '@/lib/features/auth/actions/session';
import { schedulePollClose } from '@/lib/features/polls/closing';
import { emitPollClosed, emitPollCreated, emitVoteCast } from '@/lib/features/webhooks/events';

// Every action (formAction): the session first (tenantWriter: a user of the request host's
// tenant, which must not be read-only), then zod, then the query inside withTenant. The tenant
// is never read from the form. redirect() ends each action on success.

const pollFieldNames = { choices: 'choices' };
const INVALID_LINK = 'This poll link is not valid.';

/** Poll form failures: a bad id is a sentence about the link, the rest are field errors. */
function invalidPoll(issues: readonly { path: PropertyKey[]; message: string }[], values?: Record<string, string>): FormState {
  if (issues.some((i) => i.path[0] === 'id')) return { error: INVALID_LINK, values };
  // The edit form's fields are validated under `changes` (see updatePollAction).
  const unwrapped = issues.map((i) => (i.path[0] === 'changes' ? { ...i, path: i.path.slice(1) } : i));
  return formStateFromIssues(unwrapped, values, pollFieldNames);
}

export const createPollAction = formAction({
  name: 'createPoll',
  read: (form) => {
    const { question, choices, values } = readPollForm(form);
    return { values, input: { question, choices, closes_at: readClosesAt(form, 'create'), ...readVoteOptions(form, 'create') } };
  },
  session: tenantWriter({ next: () => '/polls/new' }),
  schema: newPollInput,
  invalid: invalidPoll,
  fieldNames: pollFieldNames,
  run: async (ctx, input) => {
    // The close job is queued in the same transaction as the poll: both commit or neither does.
    const poll = await withTenant(ctx.tenant, async (db) => {
      const created = await createPoll(db, { id: ctx.user.uid, role: ctx.user.role }, input, { maxPolls: ctx.tenant.maxPolls });
      if (input.closes_at) await schedulePollClose(db, ctx.tenant, created.id, input.closes_at);
      await emitPollCreated(db, ctx.tenant, created);
      return created;
    });
    redirect(`/polls/${poll.id}?created=1`);
  },
});

export const updatePollAction = formAction({
  name: 'updatePoll',
  read: (form) => {
    const { question, choices, values } = readPollForm(form);
    const changes = { question, choices, closes_at: readClosesAt(form, 'edit'), ...readVoteOptions(form, 'edit') };
    const version = textValue(form, 'version');
    return { values: { ...values, version }, input: { id: textValue(form, 'id'), changes, version: version || undefined } };
  },
  session: tenantWriter({ next: (form) => pollPath(form, '/edit') }),
  schema: z.object({
    id: pollId,
    changes: pollUpdateInput,
    version: z
      .string()
      .regex(/^[0-9a-f]{16}$/, INVALID_LINK)
      .optional(),
  }),
  invalid: invalidPoll,
  fieldNames: pollFieldNames,
  run: async (ctx, { id, changes, version }) => {
    await withTenant(ctx.tenant, async (db) => {
      await updatePoll(db, { id: ctx.user.uid, role: ctx.user.role }, id, changes, version);
      if (changes.closes_at !== undefined) await schedulePollClose(db, ctx.tenant, id, changes.closes_at);
    });
    redirect(`/polls/${id}?updated=1`);
  },
});

export const deletePollAction = formAction({
  name: 'deletePoll',
  read: (form) => ({ input: { id: textValue(form, 'id') } }),
  session: tenantWriter({ next: (form) => pollPath(form) }),
  schema: z.object({ id: pollId }),
  invalid: () => ({ error: INVALID_LINK }),
  run: async (ctx, { id }) => {
    await withTenant(ctx.tenant, (db) => deletePoll(db, { id: ctx.user.uid, role: ctx.user.role }, id));
    redirect('/?deleted=1');
  },
});

export const closePollNowAction = formAction({
  name: 'closePollNow',
  read: (form) => ({ input: { id: textValue(form, 'id') } }),
  session: tenantWriter({ next: (form) => pollPath(form) }),
  schema: z.object({ id: pollId }),
  invalid: () => ({ error: INVALID_LINK }),
  run: async (ctx, { id }) => {
    // The poll's close job (if any) goes in the same transaction: nothing is left to close it again.
    await withTenant(ctx.tenant, async (db) => {
      await closePollNow(db, { id: ctx.user.uid, role: ctx.user.role }, id);
      await schedulePollClose(db, ctx.tenant, id, null);
      await emitPollClosed(db, ctx.tenant, id, 'person');
    });
    redirect(`/polls/${id}?closed=1`);
  },
});

// One sentence, said once at the choices (the form shows no banner that repeats a field's error).
const CHOOSE = 'Choose one of the answers before voting.';
const voteFields = z.object({
  id: pollId,
  choice_id: z.coerce.number({ error: CHOOSE }).int(CHOOSE).positive(CHOOSE).max(2_147_483_647, CHOOSE),
});

export const voteAction = formAction({
  name: 'vote',
  read: (form) => ({ input: { id: textValue(form, 'id'), choice_id: textValue(form, 'choice_id') } }),
  session: tenantWriter({ next: (form) => pollPath(form), impersonated: () => IMPERSONATED_VOTE_SENTENCE }),
  schema: voteFields,
  invalid: (issues, _values, form): FormState => {
    const raw = form.get('choice_id');
    if (typeof raw !== 'string' || raw === '') return { error: CHOOSE, field: 'choice_id', fieldErrors: { choice_id: CHOOSE } };
    return formStateFromIssues(issues);
  },
  fieldNames: { choice_id: 'choice_id' },
  run: async (ctx, { id, choice_id }) => {
    // The vote.cast webhook event is recorded in the vote's transaction: a refused vote sends nothing.
    const vote = await withTenant(ctx.tenant, async (db) => {
      const cast = await castVote(db, { id: ctx.user.uid, role: ctx.user.role }, id, choice_id);
      await emitVoteCast(db, ctx.tenant, cast);
      return cast;
    });
    redirect(`/polls/${id}?${vote.replaced ? 'changed' : 'voted'}=1`);
  },
});
