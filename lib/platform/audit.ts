import type { Kysely } from 'kysely';
import type { PublicDatabase } from '@/lib/infra/db/schema';

type Db = Kysely<PublicDatabase>;

export interface AuditEntry {
  /** A superuser's or tenant user's email, or `cli:<os user>`. */
  actor: string;
  action: string;
  /** The tenant's schema at the time of the action. */
  tenant: string | null;
  /** The tenant's id; omitted → looked up by `tenant` (null when no such tenant exists any more). */
  tenantId?: number | null;
  detail?: Record<string, unknown>;
  address: string | null;
}

/** Appends one entry to public.audit_log (append-only: the table refuses updates and deletes). */
export async function recordAudit(db: Db, e: AuditEntry): Promise<void> {
  let tenantId = e.tenantId;
  if (tenantId === undefined && e.tenant) {
    const row = await db.selectFrom('public.tenants').select('id').where('schema_name', '=', e.tenant).executeTakeFirst();
    tenantId = row?.id ?? null;
  }
  await db
    .insertInto('public.audit_log')
    .values({
      actor: e.actor,
      action: e.action,
      tenant: e.tenant,
      tenant_id: tenantId ?? null,
      detail: JSON.stringify(e.detail ?? {}),
      address: e.address,
    })
    .execute();
}

export interface AuditFilter {
  tenant?: string;
  /** Entries of this tenant id only (a tenant's own page: its history survives renames). */
  tenantId?: number;
  action?: string;
  actor?: string;
  /** Keyset paging: entries older than this id. */
  before?: string;
  limit?: number;
}

/** Newest first; every filter is an exact match. */
export async function listAudit(db: Db, f: AuditFilter = {}) {
  let q = db.selectFrom('public.audit_log').selectAll().orderBy('id', 'desc');
  if (f.tenant) q = q.where('tenant', '=', f.tenant);
  if (f.tenantId !== undefined) q = q.where('tenant_id', '=', f.tenantId);
  if (f.action) q = q.where('action', '=', f.action);
  if (f.actor) q = q.where('actor', '=', f.actor);
  if (f.before) q = q.where('id', '<', f.before);
  return q.limit(Math.min(Math.max(f.limit ?? 200, 1), 1000)).execute();
}

/** One page of entries, newest first, and the id to continue from (null on the last page). */
export async function auditPage(db: Db, f: AuditFilter & { limit: number }) {
  const rows = await listAudit(db, { ...f, limit: f.limit + 1 });
  const more = rows.length > f.limit;
  const page = more ? rows.slice(0, f.limit) : rows;
  return { rows: page, next: more ? String(page[page.length - 1]!.id) : null };
}
