import { z } from 'zod';

// The audit pages' query string (?action=&actor=&before=): anything malformed is ignored, so a
// hand-edited URL shows the unfiltered first page rather than an error.

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optional = <T extends z.ZodType>(t: T) => z.preprocess(blankToUndefined, t.optional()).catch(undefined);

export const auditParams = z.object({
  action: optional(
    z
      .string()
      .trim()
      .regex(/^[a-z_.]{1,60}$/),
  ),
  actor: optional(z.string().trim().toLowerCase().max(254)),
  before: optional(z.string().regex(/^\d{1,18}$/)),
});

export type AuditParams = z.infer<typeof auditParams>;

/** The query string of a page of the audit log with these filters (no page = the newest). */
export function auditHref(path: string, p: AuditParams, before?: string | null): string {
  const q = new URLSearchParams();
  if (p.action) q.set('action', p.action);
  if (p.actor) q.set('actor', p.actor);
  if (before) q.set('before', before);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** The actions the audit log records, for the filter's choices. */
export const TENANT_AUDIT_ACTIONS = [
  'user.create',
  'user.invite',
  'user.role',
  'user.remove',
  'user.password_reset',
  'tenant.settings',
  'tenant.logo',
  'tenant.logo_remove',
  'domain.add',
  'domain.verify',
  'impersonation.start',
  'impersonation.end',
] as const;
