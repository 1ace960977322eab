'use server';

import { revalidatePath } from 'next/cache';
import { cookies } from 'next/headers';
import { unstable_rethrow } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { LOCALE_COOKIE, LOCALE_COOKIE_SECONDS, isLocale } from '@/lib/config/locale';
import { directDb } from '@/lib/infra/db/pool';
import { log } from '@/lib/infra/log';
import { setTenantDefaultLocale } from '@/lib/platform/tenant-locale';
import { isReadOnly, withTenant } from '@/lib/tenancy';
import { requestTenant } from '@/lib/tenancy/request';
import { formAction } from '@/lib/web/action';
import { textValue, type FormState } from '@/lib/web/form-state';
import { currentIdentity } from '@/lib/features/auth/session';
import { auditTenantAdmin } from '@/lib/features/auth/tenant-audit';
import { tenantWriter } from '@/lib/features/auth/actions/session';
import { setUserLocale } from './user-locale';

/**
 * The footer's language switcher (a plain form: works without JavaScript). Anyone may choose: the
 * choice goes into the cookie; a user signed in on THIS host's organisation (the session's tenant
 * checked against the host's, as in every action) also keeps it in users.locale, so it follows
 * them to other browsers. Not saved for an "open as" session (it is the user's own choice) nor
 * while the organisation is read-only (nothing changes then); the cookie still applies.
 */
export async function chooseLocaleAction(form: FormData): Promise<void> {
  const locale = form.get('locale');
  if (!isLocale(locale)) return;
  (await cookies()).set(LOCALE_COOKIE, locale, { path: '/', sameSite: 'lax', maxAge: LOCALE_COOKIE_SECONDS });
  try {
    const tenant = await requestTenant();
    if (tenant && tenant.status === 'active' && !isReadOnly(tenant)) {
      const id = await currentIdentity();
      if (id?.kind === 'tenant' && id.tenant === tenant.schema && !id.impersonator) {
        await withTenant(tenant, (db) => setUserLocale(db, id.uid, locale));
      }
    }
  } catch (err) {
    unstable_rethrow(err);
    // The cookie is set: this browser follows the choice even when it could not be saved.
    log.warn({ err: (err as Error).message }, 'chooseLocale: the user’s language was not saved');
  }
  revalidatePath('/', 'layout');
}

/** A tenant admin sets THIS host's organisation's default language (audited as a settings change). */
export const updateDefaultLocaleAction = formAction({
  name: 'updateDefaultLocale',
  read: (form) => {
    const values = { defaultLocale: textValue(form, 'defaultLocale') };
    return { values, input: values };
  },
  session: tenantWriter({ admin: true, next: () => '/settings' }),
  schema: z.object({ defaultLocale: z.string() }),
  run: async (ctx, { defaultLocale }, values): Promise<FormState> => {
    if (!isLocale(defaultLocale)) {
      const t = await getTranslations('common.language');
      return { error: t('invalid'), field: 'defaultLocale', fieldErrors: { defaultLocale: t('invalid') }, values };
    }
    await setTenantDefaultLocale(directDb(), ctx.tenant.schema, defaultLocale);
    await auditTenantAdmin(ctx, 'tenant.settings', { defaultLocale });
    revalidatePath('/', 'layout');
    // Asked after the change: an admin who follows the organisation's default reads it in the new language.
    const t = await getTranslations('common.language');
    return { ok: true, message: t('defaultSaved'), values };
  },
});
