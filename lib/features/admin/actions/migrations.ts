'use server';

import { getTranslations } from 'next-intl/server';
import type { AdminActionState } from '@/lib/features/admin/form-defaults';
import { migrateInput } from '@/lib/features/admin/inputs';
import { requireSuperuser } from '@/lib/features/auth/session';
import { invalidInput, textValue } from '@/lib/web/form-state';
import { migrateTenants, type SchemaResult } from '@/lib/tenancy';
import { formAction } from '@/lib/web/action';
import { auditSuperuser } from './audit';
import { revalidateAdmin } from './revalidate';
import { directDb } from '@/lib/infra/db/pool';

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
export const migrateTenantsAction = formAction<Awaited<ReturnType<typeof requireSuperuser>>, { schema?: string }, MigrateActionState>({
  name: 'migrateTenants',
  read: (form) => ({ input: { schema: textValue(form, 'schema') } }),
  session: () => requireSuperuser('/admin/migrations'),
  schema: migrateInput,
  invalid: invalidInput,
  run: async (su, { schema }) => {
    let results: SchemaResult[];
    try {
      results = await migrateTenants(directDb(), { schema, concurrency: 4 });
    } catch (err) {
      // The runner throws a plain Error for an unknown schema; that one is a sentence for the user.
      if (err instanceof Error && /^No tenant with schema/.test(err.message)) return { error: err.message, field: 'schema' };
      throw err;
    }
    revalidateAdmin();
    const failed = results.filter((r) => r.error).length;
    await auditSuperuser(su, 'migrations.apply', schema ?? null, {
      migrated: results.filter((r) => !r.error).map((r) => r.schema),
      failed: results.filter((r) => r.error).map((r) => r.schema),
    });
    const t = await getTranslations('admin.messages');
    const message = results.length === 0 ? t('nothingToDo') : t('migrated', { ok: results.length - failed, count: results.length, failed });
    return { ok: failed === 0, message, error: failed ? message : undefined, results: results.map(summarise) };
  },
});
