// The tenancy core's second face, for lib/platform/ only (eslint.config.mjs): the schema and role
// DDL, the migration steps and the cache invalidation that provisioning, lifecycle and tenant
// administration build on. Feature code never sees these; it uses index.ts.
export { notifyTenancyChange } from './notify';
export { invalidateTenantCache } from './resolve-host';
export { createSchema, createSchemaSql, dropSchemas, quoteIdent, renameSchema, setTenantSchema, setTenantSchemaSql } from './schema-ops';
export { dropTenantRoles, ensureTenantRole, renameTenantRole, roleMode, tenantRoleName, tenantRolesScript } from './tenant-roles';
export { applyPending, latestName } from './migrate/apply';
export { mapLimit } from './migrate/runner';
export { NotRecordable, recordFreshSchemaSql } from './record-ddl';
