import type { TaskList } from 'graphile-worker';
import { samplePool } from '@/lib/features/admin/pool-samples';
import { directDb, directUrl, pooledUrl } from '@/lib/infra/db/pool';
import { log } from '@/lib/infra/log';

/**
 * Recurring jobs (graphile-worker crontab syntax). graphile-worker schedules each minute once
 * across all running workers; with no worker running nothing is sampled. One attempt: a missed
 * sample is not worth a retry when the next one is a minute away.
 */
export const CRONTAB = '* * * * * sample_pool ?max=1';

/** The handlers of the crontab's tasks: not tenant jobs, so not wrapped by tenantTask. */
export const cronTasks: TaskList = {
  sample_pool: async () => {
    // The same URL for both (the embedded development database, or no PgBouncer): there is no pooler
    // console to read, and asking PostgreSQL for a database "pgbouncer" only fills its log.
    if (pooledUrl() === directUrl()) {
      log.debug({ job: 'sample_pool', reason: 'DATABASE_URL is not a PgBouncer' }, 'pool not sampled');
      return;
    }
    const outcome = await samplePool(directDb(), pooledUrl());
    if (outcome.recorded) log.debug({ job: 'sample_pool', ...outcome.counters }, 'pool sampled');
    else log.debug({ job: 'sample_pool', reason: outcome.reason }, 'pool not sampled');
  },
};
