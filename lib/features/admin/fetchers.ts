import { directDb } from '@/lib/infra/db/pool';
import { checkMigrations } from '@/lib/tenancy';
import {
  getTenantBySchema,
  isCitus,
  largestTenants,
  listDomains,
  listNodes,
  listTenants,
  placementOf,
  tenantActivity,
  type TenantListQuery,
  type TenantSize,
} from '@/lib/platform';
import { auditPage, listAudit, type AuditFilter } from '@/lib/platform/audit';
import { signupsPerDay, tenantsByStatus } from './dashboard';
import { recentPoolSamples } from './pool-samples';
import { busiestTenants } from './tenant-usage';

// The superuser area's reads, for its pages (app/ chooses no connection and builds no SQL).
// They run on the direct connection, like the superuser area's writes.

export function fetchTenants(query: TenantListQuery) {
  return listTenants(directDb(), query);
}

export function fetchMigrationReport() {
  return checkMigrations(directDb());
}

/** A tenant and its domains; a UserError with status 404 when there is no such tenant. */
export async function fetchTenantWithDomains(schema: string) {
  const db = directDb();
  const tenant = await getTenantBySchema(db, schema);
  return { tenant, domains: await listDomains(db, tenant.id) };
}

/** Citus only: each listed tenant's worker ("host:port"); null on plain PostgreSQL. */
export function fetchPlacementOf(schemas: string[]) {
  return placementOf(directDb(), schemas);
}

/** Citus only: the tenant's worker and the workers it can move to; null on plain PostgreSQL. */
export async function fetchTenantPlacement(schema: string): Promise<{ node: string | null; workers: string[] } | null> {
  const db = directDb();
  if (!(await isCitus(db))) return null;
  const [nodes, workers] = await Promise.all([placementOf(db, [schema]), listNodes(db)]);
  return { node: nodes?.[schema] ?? null, workers: workers.map((w) => w.node) };
}

/** Citus only: workers with tenant counts and sizes, and the busiest tenants; null on plain PostgreSQL. */
export async function fetchCitusOverview() {
  const db = directDb();
  if (!(await isCitus(db))) return null;
  return { nodes: await listNodes(db), activity: await tenantActivity(db) };
}

/** The audit log, newest first, filtered by exact tenant / action. */
export function fetchAudit(filter: AuditFilter) {
  return listAudit(directDb(), filter);
}

/**
 * A tenant's own audit entries (its /audit page), by tenant id, so a renamed tenant keeps its
 * history and another tenant's entries never match; one page of `limit`, newest first.
 */
export function fetchTenantAudit(tenantId: number, filter: Omit<AuditFilter, 'tenant' | 'tenantId'> & { limit: number }) {
  return auditPage(directDb(), { ...filter, tenantId });
}

// The size ranking reads all of pg_class (440,000 rows at 10,000 tenants) and the tenant list
// re-renders on every filter and page: measure at most once a minute per server process.
const SIZES_TTL_MS = 60_000;
const sizesCache = globalThis as unknown as { __quorumTenantSizes?: { at: number; value: Promise<TenantSize[]> } };

function largestTenantsCached(): Promise<TenantSize[]> {
  const hit = sizesCache.__quorumTenantSizes;
  if (hit && Date.now() - hit.at < SIZES_TTL_MS) return hit.value;
  const value = largestTenants(directDb(), 10);
  sizesCache.__quorumTenantSizes = { at: Date.now(), value };
  // Neither a failure nor an empty ranking is remembered: the next render asks again, and an
  // installation's first tenant shows at once.
  const forget = () => {
    if (sizesCache.__quorumTenantSizes?.value === value) delete sizesCache.__quorumTenantSizes;
  };
  value.then((rows) => (rows.length === 0 ? forget() : undefined), forget);
  return value;
}

/** The dashboard above the tenant list: signups, badges, largest schemas, the last hour of pool samples and the busiest tenants. */
export async function fetchDashboard() {
  const db = directDb();
  const [signups, statuses, largest, poolSamples, busiest] = await Promise.all([
    signupsPerDay(db, 30),
    tenantsByStatus(db),
    largestTenantsCached(),
    recentPoolSamples(db, 60),
    busiestTenants(db, { minutes: 60, limit: 10 }),
  ]);
  return { signups, statuses, largest, poolSamples, busiest };
}
