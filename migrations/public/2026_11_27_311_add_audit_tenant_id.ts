import { sql, type Kysely } from 'kysely';

export const name = '2026_11_27_311_add_audit_tenant_id';

// Audit entries also name their tenant by id (issue 12, part 4): a renamed tenant keeps its
// history, and the tenant's own /audit page filters by id, never by a schema name that another
// tenant could take later. No foreign key (entries outlive deleted tenants). Entries written
// before this column stay without an id: the append-only trigger forbids a backfill, on purpose.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table audit_log add column tenant_id integer`.execute(db);
  await sql`create index audit_log_tenant_id_idx on audit_log (tenant_id, id desc)`.execute(db);
}
