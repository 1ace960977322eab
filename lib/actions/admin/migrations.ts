'use server';

import { failure, invalidInput, revalidateAdmin, text, type AdminActionState } from '@/lib/admin/action-state';
import { migrateInput } from '@/lib/admin/inputs';
import { requireSuperuser } from '@/lib/auth/session';
import { migrateTenants, type SchemaResult } from '@/lib/tenancy';

export interface MigrateActionState extends AdminActionState {
  results?: { schema: string; applied: string[]; ms: number; error?: string }[];
}

/** Results without long error texts (they are also recorded on the tenant row). */
function summarise(r: SchemaResult) {
  return { schema: r.schema, applied: r.applied, ms: Math.round(r.ms), ...(r.error ? { error: r.error.slice(0, 300) } : {}) };
}

/**
 * Applies pending tenant migrations: to every tenant that is behind or failed, or to the one
 * schema given. Runs on the direct connection with bounded concurrency; a failing tenant is
 * recorded and reported while the others carry on.
 */
export async function migrateTenantsAction(_prev: MigrateActionState, form: FormData): Promise<MigrateActionState> {
  await requireSuperuser('/admin/migrations');
  const parsed = migrateInput.safeParse({ schema: text(form, 'schema') });
  if (!parsed.success) return invalidInput(parsed.error.issues);
  const { schema } = parsed.data;
  let results: SchemaResult[];
  try {
    results = await migrateTenants({ schema, concurrency: 4 });
  } catch (err) {
    // The runner throws a plain Error for an unknown schema; that one is a sentence for the user.
    if (err instanceof Error && /^No tenant with schema/.test(err.message)) return { error: err.message, field: 'schema' };
    return failure(err, undefined, 'migrateTenants');
  }
  revalidateAdmin();
  const failed = results.filter((r) => r.error).length;
  const message =
    results.length === 0
      ? 'Nothing to do: every tenant is up to date.'
      : `Migrated ${results.length - failed} of ${results.length} ${results.length === 1 ? 'tenant' : 'tenants'}${failed ? `; ${failed} failed` : ''}.`;
  return { ok: failed === 0, message, error: failed ? message : undefined, results: results.map(summarise) };
}
