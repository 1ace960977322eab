import type { Kysely } from 'kysely';
import type { Locale } from '@/lib/config/locale';
import type { PublicDatabase } from '@/lib/infra/db/schema';
import { UserError } from '@/lib/infra/errors';
import { invalidateTenantCache, notifyTenancyChange } from '@/lib/tenancy/operator';

/**
 * Sets an organisation's default language (issue 25, part 3). Like every change to a tenant row
 * (tenants.ts), the same transaction notifies the other processes' host caches and this process
 * clears its own, so the next page of the organisation is in the new language at once.
 */
export async function setTenantDefaultLocale(db: Kysely<PublicDatabase>, schema: string, locale: Locale): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('public.tenants')
      .set({ default_locale: locale })
      .where('schema_name', '=', schema)
      .returning('id')
      .executeTakeFirst();
    if (!row) throw new UserError(`No tenant with schema '${schema}'.`, 404, 'schema');
    await notifyTenancyChange(trx, schema);
  });
  invalidateTenantCache();
}
