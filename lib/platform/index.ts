// The platform's public face: operator work on tenants (provisioning, tenant and domain
// administration, lifecycle, export/import/clone, placement on Citus, sizes, the audit trail).
// Built on the tenancy core's operator face (lib/tenancy/operator.ts); not re-exported by the core.
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
export { largestTenants, type TenantSize } from './tenant-sizes';
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
