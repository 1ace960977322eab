import type { TaskList } from 'graphile-worker';
import { z } from 'zod';
import { closePoll } from '@/lib/polls/closing';
import { tenantTask } from './tenant-task';

/** Every job the worker runs; each is wrapped by tenantTask, so it runs in its own tenant only. */
export const taskList: TaskList = {
  close_poll: tenantTask('close_poll', z.object({ pollId: z.number().int().positive() }), async ({ payload, inTenant, log }) => {
    const outcome = await inTenant((db) => closePoll(db, payload.pollId));
    log.info({ pollId: payload.pollId, outcome }, 'close_poll');
  }),
};
