import { userInfo } from 'node:os';
import { note } from './output';
import { osUser } from '@/lib/config/env';

/** Who ran the CLI, as the audit log names it: `cli:<os user>`. */
export function cliActor(): string {
  let user = osUser() ?? 'unknown';
  try {
    user = userInfo().username;
  } catch {
    /* no passwd entry (some containers): keep $USER */
  }
  return `cli:${user}`;
}

/**
 * Records a CLI action that changed something (after it succeeded), like the admin area's
 * actions: operators' changes from a shell belong in the same trail. No address: it ran locally.
 */
export async function auditCli(action: string, tenant: string | null, detail?: Record<string, unknown>, tenantId?: number): Promise<void> {
  const { directDb } = await import('@/lib/infra/db/pool');
  const { recordAudit } = await import('@/lib/platform/audit');
  try {
    await recordAudit(directDb(), { actor: cliActor(), action, tenant, tenantId, detail, address: null });
  } catch (err) {
    // The change itself succeeded (e.g. before `migrate --shared` created the log): say so, exit 0.
    note(`note: not recorded in the audit log (${err instanceof Error ? err.message : String(err)})`);
  }
}
