import { UserError } from '@/lib/infra/errors';
import { schedulePollClose } from '@/lib/features/polls/closing';
import { emitPollCreated, emitVoteCast } from '@/lib/features/webhooks/events';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, pageParams, toPage, type PageOptions } from '@/lib/features/polls/page';
import {
  castVote,
  createPoll,
  deletePoll,
  getPoll,
  listPollsQuery,
  newPollInput,
  pollId,
  pollQuery,
  pollUpdateInput,
  updatePoll,
  voteInput,
} from '@/lib/features/polls/polls';
import { preparedTenantQuery, withTenant } from '@/lib/tenancy';
import { assertPublicReads, assertWritable, bearerToken, cachedApiUser, requireApiUser } from '../auth';
import { readJson } from '../body';
import { bearer, PollCreated, PollIdParam, PollList, PollOne, Vote } from '../schemas';
import { emptyAnswer, jsonAnswer } from '../answer';
import { define, error, json, z, type ApiApp, type ApiContext } from '../define';

function idOf(c: ApiContext): number {
  const id = pollId.safeParse(c.req.param('id'));
  if (!id.success) throw new UserError('Poll not found.', 404);
  return id.data;
}

const pageQuery = z.object({
  limit: z
    .string()
    .optional()
    .openapi({ param: { name: 'limit', in: 'query' }, description: `1–${MAX_PAGE_SIZE}, default ${DEFAULT_PAGE_SIZE}`, example: '50' }),
  cursor: z
    .string()
    .optional()
    .openapi({ param: { name: 'cursor', in: 'query' }, description: 'next_cursor of the previous page' }),
});

const jsonBody = (schema: z.ZodType) => ({ body: { content: { 'application/json': { schema } }, required: true } });

// The reads of every request, compiled once per shape (lib/tenancy/prepared.ts), not per request.
const pollsPage = preparedTenantQuery((db, a: { viewer: number | null; page: PageOptions }) => listPollsQuery(db, a.viewer, a.page));
const onePoll = preparedTenantQuery((db, a: { id: number; viewer: number | null }) => pollQuery(db, a.id, a.viewer));

export function pollRoutes(app: ApiApp): void {
  define(
    app,
    {
      method: 'get',
      path: '/api/polls',
      summary: 'The newest polls, a page at a time',
      description: 'Anonymous when the organisation’s polls are public; with a token the answer also carries my_choice_id.',
      tags: ['polls'],
      security: [{}, ...bearer],
      request: { query: pageQuery },
      responses: {
        200: json(PollList, 'A page of polls (next_cursor is null on the last page)'),
        400: error('A bad limit or cursor'),
        401: error('No token and the polls are not public, or a bad token'),
        403: error('The organisation is suspended'),
        404: error('Unknown host'),
      },
    },
    async (c) => {
      const tenant = c.get('tenant');
      // The query alone (a whole URL parsed per request was 1 % of a list read's CPU).
      const url = c.req.url;
      const q = url.indexOf('?');
      const search = new URLSearchParams(q === -1 ? '' : url.slice(q + 1));
      const token = bearerToken(c);
      let rows;
      let limit = DEFAULT_PAGE_SIZE;
      if (token === null) {
        assertPublicReads(tenant);
        if (search.size === 0) rows = await pollsPage(tenant, { viewer: null, page: { limit: DEFAULT_PAGE_SIZE } });
        else {
          const page = pageParams(search);
          limit = page.limit;
          rows = await pollsPage(tenant, { viewer: null, page });
        }
      } else {
        // ?limit=N (1–100, default 50) &cursor=C (next_cursor of the previous page); a bad one is a 400.
        const page = pageParams(search);
        limit = page.limit;
        // A cached token: one statement. Otherwise the token check and the list in one transaction.
        const cached = cachedApiUser(c);
        rows = cached
          ? await pollsPage(tenant, { viewer: cached.id, page })
          : await withTenant(tenant, async (db) => listPollsQuery(db, (await requireApiUser(c, db)).id, page).execute());
      }
      const { items, next_cursor } = toPage(rows, limit);
      return jsonAnswer({ tenant: tenant.schema, polls: items, next_cursor });
    },
  );

  define(
    app,
    {
      method: 'post',
      path: '/api/polls',
      summary: 'Create a poll',
      tags: ['polls'],
      security: bearer,
      request: jsonBody(newPollInput),
      responses: {
        201: json(PollCreated, 'Created'),
        400: error('Invalid input'),
        401: error('No token or a bad token'),
        403: error('Read-only or suspended organisation'),
        404: error('Unknown host'),
        409: error('The organisation’s poll quota is used up'),
      },
    },
    async (c) => {
      const tenant = c.get('tenant');
      assertWritable(tenant);
      const input = await readJson(c, newPollInput);
      const poll = await withTenant(tenant, async (db) => {
        const created = await createPoll(db, await requireApiUser(c, db), input, { maxPolls: tenant.maxPolls });
        if (input.closes_at) await schedulePollClose(db, tenant, created.id, input.closes_at);
        await emitPollCreated(db, tenant, created);
        return created;
      });
      return jsonAnswer({ tenant: tenant.schema, ...poll }, 201);
    },
  );

  define(
    app,
    {
      method: 'get',
      path: '/api/polls/{id}',
      summary: 'One poll',
      tags: ['polls'],
      security: [{}, ...bearer],
      request: { params: PollIdParam },
      responses: {
        200: json(PollOne, 'The poll'),
        401: error('No token and the polls are not public, or a bad token'),
        403: error('The organisation is suspended'),
        404: error('No such poll, or unknown host'),
      },
    },
    async (c) => {
      const tenant = c.get('tenant');
      const id = idOf(c);
      const token = bearerToken(c);
      let poll;
      if (token === null) {
        assertPublicReads(tenant);
        poll = (await onePoll(tenant, { id, viewer: null }))[0];
      } else {
        const cached = cachedApiUser(c);
        poll = cached
          ? (await onePoll(tenant, { id, viewer: cached.id }))[0]
          : await withTenant(tenant, async (db) => getPoll(db, id, (await requireApiUser(c, db)).id));
      }
      if (!poll) throw new UserError('Poll not found.', 404);
      return jsonAnswer({ tenant: tenant.schema, poll });
    },
  );

  define(
    app,
    {
      method: 'patch',
      path: '/api/polls/{id}',
      summary: 'Change a poll (its creator or a tenant admin)',
      tags: ['polls'],
      security: bearer,
      request: { params: PollIdParam, ...jsonBody(pollUpdateInput) },
      responses: {
        200: json(PollOne, 'The changed poll'),
        400: error('Invalid input'),
        401: error('No token or a bad token'),
        403: error('Not the creator or an admin; read-only or suspended organisation'),
        404: error('No such poll'),
        409: error('The change conflicts with the poll’s votes'),
      },
    },
    async (c) => {
      const tenant = c.get('tenant');
      assertWritable(tenant);
      const id = idOf(c);
      const input = await readJson(c, pollUpdateInput);
      const poll = await withTenant(tenant, async (db) => {
        const updated = await updatePoll(db, await requireApiUser(c, db), id, input);
        if (input.closes_at !== undefined) await schedulePollClose(db, tenant, id, input.closes_at);
        return updated;
      });
      return jsonAnswer({ tenant: tenant.schema, poll });
    },
  );

  define(
    app,
    {
      method: 'delete',
      path: '/api/polls/{id}',
      summary: 'Delete a poll (its creator or a tenant admin)',
      tags: ['polls'],
      security: bearer,
      request: { params: PollIdParam },
      responses: {
        204: { description: 'Deleted' },
        401: error('No token or a bad token'),
        403: error('Not the creator or an admin; read-only or suspended organisation'),
        404: error('No such poll'),
      },
    },
    async (c) => {
      const tenant = c.get('tenant');
      assertWritable(tenant);
      const id = idOf(c);
      await withTenant(tenant, async (db) => deletePoll(db, await requireApiUser(c, db), id));
      return emptyAnswer(204);
    },
  );

  define(
    app,
    {
      method: 'post',
      path: '/api/polls/{id}/votes',
      summary: 'Vote (once per poll; a second vote replaces the first where the poll allows it)',
      tags: ['polls'],
      security: bearer,
      request: { params: PollIdParam, ...jsonBody(voteInput) },
      responses: {
        200: json(Vote, 'The vote replaced an earlier one'),
        201: json(Vote, 'Voted'),
        400: error('Invalid input'),
        401: error('No token or a bad token'),
        403: error('Read-only or suspended organisation'),
        404: error('No such poll or choice'),
        409: error('Already voted, or the poll is closed'),
      },
    },
    async (c) => {
      const tenant = c.get('tenant');
      assertWritable(tenant);
      const id = idOf(c);
      const { choice_id } = await readJson(c, voteInput);
      const vote = await withTenant(tenant, async (db) => {
        const cast = await castVote(db, await requireApiUser(c, db), id, choice_id);
        await emitVoteCast(db, tenant, cast);
        return cast;
      });
      // A first vote is created (201); a changed vote, on a poll that allows it, replaced the first (200).
      return jsonAnswer({ tenant: tenant.schema, ...vote }, vote.replaced ? 200 : 201);
    },
  );
}
