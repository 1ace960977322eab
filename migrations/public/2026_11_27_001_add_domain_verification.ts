import type { Kysely } from 'kysely';

export const name = '2026_11_27_001_add_domain_verification';

// A custom domain is "pending" (verified = false) until its TXT record `_quorum-challenge.<domain>`
// carries verification_token; pending domains do not route. Existing domains stay verified.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('domains')
    .addColumn('verified', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('verification_token', 'text')
    .execute();
}
