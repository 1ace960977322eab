'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { formStateFromIssues, textValue, type FormState } from '@/components/ui/form-state';
import { requireTenantUser } from '@/lib/auth/session';
import { castVote, createPoll, deletePoll, newPollInput, pollId, pollUpdateInput, updatePoll } from '@/lib/polls/polls';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { READ_ONLY_SENTENCE, failureState } from './failure';
import { readClosesAt, readPollForm } from './poll-form';
import { schedulePollClose } from '@/lib/polls/closing';

// Every action: zod first, then requireTenantUser() (tenant from the request host, user of THAT
// tenant), then the read-only check, then the query inside withTenant. The tenant is never read
// from the form. redirect() is called outside try/catch (it throws by design).

const idField = z.object({ id: pollId });
const pollFieldNames = { choices: 'choices' };

export async function createPollAction(_prev: FormState, form: FormData): Promise<FormState> {
  const { question, choices, values } = readPollForm(form);
  const closes_at = readClosesAt(form, 'create');
  const parsed = newPollInput.safeParse({ question, choices, closes_at });
  if (!parsed.success) return formStateFromIssues(parsed.error.issues, values, pollFieldNames);
  const ctx = await requireTenantUser({ next: '/polls/new' });
  if (ctx.readOnly) return { error: READ_ONLY_SENTENCE, values };
  let id: number;
  try {
    const poll = await withTenant(ctx.tenant, async (db) => {
      const created = await createPoll(db, { id: ctx.user.uid, role: ctx.user.role }, parsed.data);
      if (parsed.data.closes_at) await schedulePollClose(db, ctx.tenant, created.id, parsed.data.closes_at);
      return created;
    });
    id = poll.id;
  } catch (err) {
    return failureState(err, values, 'createPoll', pollFieldNames);
  }
  redirect(`/polls/${id}?created=1`);
}

export async function updatePollAction(_prev: FormState, form: FormData): Promise<FormState> {
  const { question, choices, values } = readPollForm(form);
  const idParsed = idField.safeParse({ id: textValue(form, 'id') });
  if (!idParsed.success) return { error: 'This poll link is not valid.', values };
  const closes_at = readClosesAt(form, 'edit');
  const parsed = pollUpdateInput.safeParse({ question, choices, closes_at });
  if (!parsed.success) return formStateFromIssues(parsed.error.issues, values, pollFieldNames);
  const id = idParsed.data.id;
  const ctx = await requireTenantUser({ next: `/polls/${id}/edit` });
  if (ctx.readOnly) return { error: READ_ONLY_SENTENCE, values };
  try {
    await withTenant(ctx.tenant, async (db) => {
      await updatePoll(db, { id: ctx.user.uid, role: ctx.user.role }, id, parsed.data);
      if (parsed.data.closes_at !== undefined) await schedulePollClose(db, ctx.tenant, id, parsed.data.closes_at);
    });
  } catch (err) {
    return failureState(err, values, 'updatePoll', pollFieldNames);
  }
  redirect(`/polls/${id}?updated=1`);
}

export async function deletePollAction(_prev: FormState, form: FormData): Promise<FormState> {
  const parsed = idField.safeParse({ id: textValue(form, 'id') });
  if (!parsed.success) return { error: 'This poll link is not valid.' };
  const id = parsed.data.id;
  const ctx = await requireTenantUser({ next: `/polls/${id}` });
  if (ctx.readOnly) return { error: READ_ONLY_SENTENCE };
  try {
    await withTenant(ctx.tenant, (db) => deletePoll(db, { id: ctx.user.uid, role: ctx.user.role }, id));
  } catch (err) {
    return failureState(err, undefined, 'deletePoll');
  }
  redirect('/?deleted=1');
}

const voteFields = z.object({
  id: pollId,
  choice_id: z.coerce
    .number({ error: 'Choose one of the answers.' })
    .int('Choose one of the answers.')
    .positive('Choose one of the answers.')
    .max(2_147_483_647, 'Choose one of the answers.'),
});

export async function voteAction(_prev: FormState, form: FormData): Promise<FormState> {
  const rawChoice = form.get('choice_id');
  if (typeof rawChoice !== 'string' || rawChoice === '')
    return { error: 'Choose one of the answers before voting.', fieldErrors: { choice_id: 'Choose one of the answers.' } };
  const parsed = voteFields.safeParse({ id: textValue(form, 'id'), choice_id: rawChoice });
  if (!parsed.success) return formStateFromIssues(parsed.error.issues);
  const { id, choice_id } = parsed.data;
  const ctx = await requireTenantUser({ next: `/polls/${id}` });
  if (ctx.readOnly) return { error: READ_ONLY_SENTENCE };
  try {
    await withTenant(ctx.tenant, (db) => castVote(db, { id: ctx.user.uid, role: ctx.user.role }, id, choice_id));
  } catch (err) {
    return failureState(err, undefined, 'vote', { choice_id: 'choice_id' });
  }
  redirect(`/polls/${id}?voted=1`);
}
