import { sql } from 'kysely';
import { UserError } from '@/lib/infra/errors';
import type { TenantDb } from './with-tenant';

const NOUN = { polls: ['poll', 'polls'], users: ['user', 'users'] } as const;

/**
 * Refuses the creation of one more poll or user when the tenant is at its quota (null: no quota).
 * Call it inside the creating tenant transaction, before the insert: a transaction-scoped advisory
 * lock per tenant and table (safe behind PgBouncer) makes concurrent creations count one by one.
 */
export async function assertWithinQuota(db: TenantDb, table: 'polls' | 'users', max: number | null | undefined): Promise<void> {
  if (max === null || max === undefined) return;
  await sql`select pg_advisory_xact_lock(hashtext('quorum.quota'), hashtext(current_schema() || ${'.' + table}))`.execute(db);
  const r = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  if (Number(r.n) >= max) {
    const [one, many] = NOUN[table];
    throw new UserError(
      `This organisation has reached its limit of ${max} ${max === 1 ? one : many}; ask the operator to raise it${table === 'polls' ? ' or delete a poll' : ''}.`,
      403,
    );
  }
}
