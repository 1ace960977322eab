// Response bodies of the JSON API, for the OpenAPI document (request bodies are the feature
// modules' own zod schemas: newPollInput, voteInput, …).
import { z } from './define';

const dateTime = z.string().openapi({ format: 'date-time', example: '2027-01-31T18:00:00.000Z' });

export const Choice = z.object({ id: z.number().int(), choice_text: z.string(), votes: z.number().int().nullable() }).openapi('Choice');

export const Poll = z
  .object({
    id: z.number().int(),
    question: z.string(),
    pub_date: dateTime,
    created_by: z.number().int().nullable(),
    closes_at: dateTime.nullable(),
    closed: z.boolean(),
    author: z.string().nullable().openapi({ description: 'The author’s name (anonymous readers never see emails).' }),
    allow_vote_change: z.boolean(),
    hide_results: z.boolean(),
    results_hidden: z.boolean().openapi({ description: 'Counts are withheld from this reader: total_votes and votes are null.' }),
    total_votes: z.number().int().nullable(),
    my_choice_id: z.number().int().nullable(),
    choices: z.array(Choice),
  })
  .openapi('Poll');

export const TenantName = z.string().openapi({ description: 'The tenant’s schema name', example: 'acme' });

export const PollList = z.object({ tenant: TenantName, polls: z.array(Poll), next_cursor: z.string().nullable() }).openapi('PollList');
export const PollOne = z.object({ tenant: TenantName, poll: Poll }).openapi('PollOne');
export const PollCreated = Poll.extend({ tenant: TenantName }).openapi('PollCreated');
export const Vote = z
  .object({ tenant: TenantName, id: z.number().int(), poll_id: z.number().int(), choice_id: z.number().int(), replaced: z.boolean() })
  .openapi('Vote');
export const Health = z.object({ ok: z.literal(true), tenant: z.string().nullable() }).openapi('Health');
export const LoginAnswer = z
  .object({
    token: z.string(),
    expires_at: dateTime,
    user: z.object({ id: z.number().int(), email: z.string(), role: z.enum(['admin', 'member']) }),
  })
  .openapi('Login');

export const PollIdParam = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' }, example: '1' }) });
export const bearer = [{ bearer: [] }];
