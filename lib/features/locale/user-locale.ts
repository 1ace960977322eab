// The user's language (issue 25, part 3): users.locale, null = the organisation's default. No
// session code here: the jobs (and so the CLI) import this file; the request's side is ./signed-in-locale.ts.
import { DEFAULT_LOCALE, isLocale, type Locale } from '@/lib/config/locale';
import { pooledDb } from '@/lib/infra/db/pool';
import type { TenantDb } from '@/lib/tenancy';

/** Saves a user's choice (null = follow the organisation). */
export async function setUserLocale(db: TenantDb, uid: number, locale: Locale | null): Promise<void> {
  await db.updateTable('users').set({ locale }).where('id', '=', uid).execute();
}

/** An organisation's default language, read by id (the jobs know their tenant by id). */
export async function tenantDefaultLocale(tenantId: number): Promise<Locale> {
  const row = await pooledDb().selectFrom('public.tenants').select('default_locale').where('id', '=', tenantId).executeTakeFirst();
  return row && isLocale(row.default_locale) ? row.default_locale : DEFAULT_LOCALE;
}

/**
 * The language of each of these addresses' emails: the user's choice, else `fallback` (the
 * organisation's default). An address with no account (an invitation) gets the fallback.
 */
export async function recipientLocales(db: TenantDb, emails: string[], fallback: Locale): Promise<(email: string) => Locale> {
  const chosen = new Map<string, Locale>();
  if (emails.length) {
    const rows = await db
      .selectFrom('users')
      .select(['email', 'locale'])
      .where(
        'email',
        'in',
        emails.map((e) => e.trim().toLowerCase()),
      )
      .where('locale', 'is not', null)
      .execute();
    for (const r of rows) if (isLocale(r.locale)) chosen.set(r.email.toLowerCase(), r.locale);
  }
  return (email) => chosen.get(email.trim().toLowerCase()) ?? fallback;
}
