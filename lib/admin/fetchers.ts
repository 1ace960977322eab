import { directDb } from '@/lib/db/pool';
import { listAudit, type AuditFilter } from './audit';
import { checkMigrations, getTenantBySchema, listDomains, listTenants, type TenantListQuery } from '@/lib/tenancy';

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

/** The audit log, newest first, filtered by exact tenant / action. */
export function fetchAudit(filter: AuditFilter) {
  return listAudit(directDb(), filter);
}
