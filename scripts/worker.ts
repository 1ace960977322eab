// `npm run worker`: runs background jobs (poll closing, emails) until SIGINT/SIGTERM.
// With no DATABASE_URL it attaches to the embedded PostgreSQL of `npm run dev` (.data/).
import { checkConfig, jobConcurrency, metricsPort } from '@/lib/config/env';
import { startMetricsServer } from '@/lib/entry/metrics';
import { ensureDatabaseEnv } from '@/lib/infra/db/env';
import { closePools } from '@/lib/infra/db/pool';
import { log } from '@/lib/infra/log';
import { installJobQueue, startWorker } from '@/lib/jobs/worker';

async function main() {
  checkConfig();
  const db = await ensureDatabaseEnv((m) => log.info(m));
  await installJobQueue();
  const runner = await startWorker();
  // The job counters of this process (issue 25), on their own port when one is set.
  const metrics = await startMetricsServer({ port: metricsPort('QUORUM_WORKER_METRICS_PORT') });
  log.info({ concurrency: jobConcurrency(), metricsPort: metrics?.address.port }, 'worker started');
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
  await metrics?.close();
  await closePools();
  await db.stop();
}

main().catch((err) => {
  console.error(`The worker could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
