import { sql, type Kysely } from 'kysely';

export const TENANCY_CHANNEL = 'quorum_tenancy';

/** Queues a cache-invalidation notice; PostgreSQL delivers it only if the transaction commits. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function notifyTenancyChange(trx: Kysely<any>, what: string): Promise<void> {
  await sql`select pg_notify(${TENANCY_CHANNEL}, ${what})`.execute(trx);
}
