// Direct data changes for the poll-closing spec (no UI), against the e2e cluster.
import { sql } from 'kysely';
import { withTenant } from '../../lib/tenancy/with-tenant';
import { readEnvFile } from './env-file';

/** Moves a poll's closing time into the past, as if it had been reached (the job need not have run). */
export async function reachClosingTime(schema: string, pollId: number): Promise<void> {
  const env = readEnvFile();
  process.env.DIRECT_DATABASE_URL = env.directUrl;
  process.env.DATABASE_URL = env.pooledUrl;
  process.env.QUORUM_NO_LISTEN = '1';
  await withTenant({ schema }, (db) =>
    db
      .updateTable('polls')
      .set({ closes_at: sql`now() - interval '1 second'` })
      .where('id', '=', pollId)
      .execute(),
  );
}
