import { sql, type Kysely } from 'kysely';
import { pooledDb } from '@/lib/db/pool';
import type { TenantDatabase } from '@/lib/db/schema';
import { assertSchemaName } from './schema-name';

/** A kysely handle whose every query runs in one tenant's schema, inside one transaction. */
export type TenantDb = Kysely<TenantDatabase>;

export interface TenantRef {
  schema: string;
}

/** `"acme"` as an SQL string literal, for the one-round-trip simple query below. */
export function searchPathLiteral(schema: string): string {
  const ident = `"${assertSchemaName(schema).replace(/"/g, '""')}"`;
  return `'${ident.replace(/'/g, "''")}'`;
}

/**
 * Runs `fn` in one transaction whose search_path is the tenant's schema and nothing else.
 * The setting is transaction-local (set_config(..., true)), so it ends with COMMIT/ROLLBACK
 * and can never leak to the next client of a PgBouncer server connection.
 * BEGIN and the setting travel in one simple-protocol round trip.
 */
export async function withTenant<T>(
  tenant: TenantRef,
  fn: (db: TenantDb) => Promise<T>,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  base: Kysely<any> = pooledDb(),
): Promise<T> {
  const literal = searchPathLiteral(tenant.schema);
  return base.connection().execute(async (conn) => {
    let open = false;
    try {
      await sql.raw(`begin; select set_config('search_path', ${literal}, true)`).execute(conn);
      open = true;
      const result = await fn(conn as Kysely<TenantDatabase>);
      open = false;
      await sql.raw('commit').execute(conn);
      return result;
    } catch (err) {
      if (open) await sql.raw('rollback').execute(conn).catch(() => undefined);
      throw err;
    }
  });
}
