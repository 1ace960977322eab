// The tenancy core's public face for server code. Feature code imports from here (or, for
// the pure host/routing/schema-name helpers that also run in the edge middleware and the
// browser, from those files; for this request's tenant, from ./request). Everything else
// under lib/tenancy/ is private to it: see ARCHITECTURE.md.
export {
  defaultStatementTimeoutMs,
  doorSlot,
  heldForRequest,
  withTenant,
  tenantStatement,
  preparedTenantQuery,
  type TenantDb,
  type TenantRef,
} from './with-tenant';
export { assertWithinQuota } from './quota';
export {
  busyRefusal,
  fairShareStats,
  isTenantBusyError,
  recentTenants,
  runInRefusalScope,
  tenantsElsewhere,
  TenantBusyError,
  type RefusalScope,
} from './fair-share';
export { countRequest, countThrottled, currentUsage, enableUsage, restoreUsage, takeUsage, usageEnabled, type UsageWindow } from './usage';
export { LOOKUP_BATCH, tenantsWithUser, type UserTenant } from './tenants-with-user';
export {
  activeTenantForHost,
  cachedTenant,
  hostCacheState,
  invalidateTenantCache,
  isReadOnly,
  resolveTenant,
  stopTenancyListener,
  type ResolvedTenant,
} from './resolve-host';
export {
  checkMigrations,
  mapLimit,
  migrateShared,
  migrateTenants,
  type CheckReport,
  type MigrateOptions,
  type SchemaResult,
} from './migrate/runner';
export { latestName } from './migrate/apply';
// setTenantSchemaSql: the tenant context as text, for bench/parts' bare-client variant only.
export { quoteIdent, quoteLiteral, setTenantSchemaSql } from './schema-ops';
export { roleMode, roleModeSummary, tenantRoleName, type RoleDrift, type RoleMode, type RoleSync } from './tenant-roles';
