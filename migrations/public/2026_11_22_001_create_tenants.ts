import { sql, type Kysely } from 'kysely';

export const name = '2026_11_22_001_create_tenants';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('tenants')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('schema_name', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('paid_until', 'date')
    .addColumn('on_trial', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('active')
        .check(sql`status in ('active', 'suspended')`),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('migration_version', 'text')
    .addColumn('migration_status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('pending')
        .check(sql`migration_status in ('ok', 'failed', 'pending')`),
    )
    .addColumn('migration_error', 'text')
    .addColumn('migrated_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('domains')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('domain', 'text', (c) => c.notNull().unique())
    .addColumn('tenant_id', 'integer', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('is_primary', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await db.schema.createIndex('domains_tenant_idx').on('domains').column('tenant_id').execute();
  // Exactly one primary domain per tenant is enforced by the database, not by hope.
  await sql`create unique index domains_one_primary on domains (tenant_id) where is_primary`.execute(db);

  await db.schema
    .createTable('superusers')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}
