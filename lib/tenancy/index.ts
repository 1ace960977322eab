// The tenancy core's public face for server code. Feature code imports from here (or, for
// the pure host/routing/schema-name helpers that also run in the edge middleware and the
// browser, from those files; for this request's tenant, from ./request). Everything else
// under lib/tenancy/ is private to it: see ARCHITECTURE.md.
export {
  defaultStatementTimeoutMs,
  withTenant,
  tenantStatement,
  preparedTenantStatement,
  type TenantDb,
  type TenantRef,
} from './with-tenant';
export { assertWithinQuota } from './quota';
export { LOOKUP_BATCH, tenantsWithUser, type UserTenant } from './tenants-with-user';
export {
  provisionTenant,
  provisionInput,
  provisionSteps,
  type ProvisionInput,
  type ProvisionOptions,
  type ProvisionStep,
} from './provision-tenant';
export { planTenants, provisionTenantBatches, seedDomain, takenNames, type PlannedTenant } from './provision-batch';
export {
  addDomain,
  countTenants,
  deleteTenant,
  findTenantById,
  findTenantBySchema,
  getTenantBySchema,
  listAllDomains,
  listDomains,
  listTenants,
  removeDomain,
  schemaOrDomainTaken,
  setPrimaryDomain,
  tenantListQuery,
  tenantUpdate,
  updateTenant,
  type TenantListItem,
  type TenantListQuery,
} from './tenants';
export {
  challengeName,
  challengeOf,
  isRootSubdomain,
  parseDnsServers,
  servesDomain,
  verifyDomain,
  type DomainChallenge,
} from './domain-verification';
export {
  activeTenantForHost,
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
export { largestTenants, type TenantSize } from './tenant-sizes';
export { roleMode, roleModeSummary, tenantRoleName, type RoleDrift, type RoleMode, type RoleSync } from './tenant-roles';
export { cloneTenant, exportTenant, importTenant, renameTenant, type CloneInput, type ExportResult, type ImportInput } from './lifecycle';
export {
  NOT_CITUS,
  TRANSFER_MODE,
  isCitus,
  listNodes,
  moveTenant,
  parseNode,
  placementOf,
  planMove,
  rebalanceTenants,
  tenantActivity,
  tenantNodes,
  type MoveResult,
  type PlannedMove,
  type TenantActivity,
  type WorkerNode,
} from './placement';
