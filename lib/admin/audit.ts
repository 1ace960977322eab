import type { Kysely } from 'kysely';
import type { PublicDatabase } from '@/lib/db/schema';

type Db = Kysely<PublicDatabase>;

export interface AuditEntry {
  actor: string;
  action: string;
  tenant: string | null;
  detail?: Record<string, unknown>;
  address: string | null;
}

/** Appends one entry to public.audit_log (append-only: the table refuses updates and deletes). */
export async function recordAudit(db: Db, e: AuditEntry): Promise<void> {
  await db
    .insertInto('public.audit_log')
    .values({ actor: e.actor, action: e.action, tenant: e.tenant, detail: JSON.stringify(e.detail ?? {}), address: e.address })
    .execute();
}

export interface AuditFilter {
  tenant?: string;
  action?: string;
  actor?: string;
  limit?: number;
}

/** Newest first; every filter is an exact match. */
export async function listAudit(db: Db, f: AuditFilter = {}) {
  let q = db.selectFrom('public.audit_log').selectAll().orderBy('at', 'desc').orderBy('id', 'desc');
  if (f.tenant) q = q.where('tenant', '=', f.tenant);
  if (f.action) q = q.where('action', '=', f.action);
  if (f.actor) q = q.where('actor', '=', f.actor);
  return q.limit(Math.min(Math.max(f.limit ?? 200, 1), 1000)).execute();
}
