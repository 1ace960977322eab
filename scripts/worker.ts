// `npm run worker`: runs background jobs (poll closing, emails) until SIGINT/SIGTERM.
// With no DATABASE_URL it attaches to the embedded PostgreSQL of `npm run dev` (.data/).
import { checkConfig, jobConcurrency } from '@/lib/config/env';
import { ensureDatabaseEnv } from '@/lib/infra/db/env';
import { closePools } from '@/lib/infra/db/pool';
import { log } from '@/lib/infra/log';
import { installJobQueue, startWorker } from '@/lib/jobs/worker';

async function main() {
  checkConfig();
  const db = await ensureDatabaseEnv((m) => log.info(m));
  await installJobQueue();
  const runner = await startWorker();
  log.info({ concurrency: jobConcurrency() }, 'worker started');
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'worker stopping: finishing the jobs in hand');
    await runner.stop().catch((err: Error) => log.error({ err: err.message }, 'worker did not stop cleanly'));
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  await runner.promise;
  await closePools();
  await db.stop();
}

main().catch((err) => {
  console.error(`The worker could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
