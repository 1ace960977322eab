import type { Kysely } from 'kysely';

/**
 * A migration runs inside a transaction that sees the target schema only (lib/tenancy/migrate
 * sets that up), so it uses unqualified table names and works for every tenant schema alike.
 */
export interface Migration {
  name: string;
  // Migrations run before the typed tables exist; they get an untyped handle on purpose.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  up(db: Kysely<any>): Promise<void>;
}
