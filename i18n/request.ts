import { cookies, headers } from 'next/headers';
import { unstable_rethrow } from 'next/navigation';
import { _createCache } from 'next-intl';
import { getRequestConfig, type RequestConfig } from 'next-intl/server';
import { DEFAULT_LOCALE, LOCALE_COOKIE, fromAcceptLanguage, isLocale, type Locale } from '@/lib/config/locale';
import { signedInUserLocale } from '@/lib/features/locale/signed-in-locale';
import type { ResolvedTenant } from '@/lib/tenancy';
import { requestHost, requestTenant } from '@/lib/tenancy/request';
import { MESSAGES } from '@/messages';

/**
 * This request's language (issue 25, part 3), first that applies:
 * 1. the signed-in user's saved choice (users.locale, a user of this host's organisation);
 * 2. the cookie (a visitor's pick in the footer; the switcher sets it for users too);
 * 3. the host organisation's default (tenants.default_locale);
 * 4. off any organisation (root host, unknown host), the browser's Accept-Language;
 * 5. English.
 * Cheap: the tenant comes from the host cache, the session and the user's row are the ones the
 * page reads anyway (memoised per render). It never throws for a bad host or a database that is
 * down: each step that fails is skipped (Next's own signals, e.g. dynamic rendering, pass through).
 */
async function requestLocale(): Promise<Locale> {
  const tenant = await attempt(hostTenantOrNull);
  if (tenant) {
    const saved = await attempt(() => signedInUserLocale(tenant));
    if (saved) return saved;
  }
  const chosen = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (isLocale(chosen)) return chosen;
  if (tenant) return tenant.defaultLocale;
  return fromAcceptLanguage((await headers()).get('accept-language')) ?? DEFAULT_LOCALE;
}

async function hostTenantOrNull(): Promise<ResolvedTenant | null> {
  const rh = await requestHost();
  return rh?.kind === 'tenant' ? requestTenant() : null;
}

async function attempt<T>(fn: () => Promise<T | null>): Promise<T | null> {
  try {
    return await fn();
  } catch (err) {
    unstable_rethrow(err);
    return null;
  }
}

/**
 * The parsed messages, kept for the life of the process. next-intl parses an ICU message (one with
 * {placeholders}, plurals or <tags>) into an IntlMessageFormat the first time a translator formats
 * it, but memoises that in a cache it makes per request (React's `cache`), so every page parsed its
 * messages again (about a tenth of the polls page's CPU). A translator made from this config uses
 * `_cache` for those formats; next-intl still makes the Intl number/date formatters per request.
 * The formats are keyed by message text, locale and formats (the time zone is fixed), so the cache
 * holds at most one format per message of each catalogue. `_cache` is next-intl's own option of
 * createTranslator (use-intl's `_createCache`), passed on by getRequestConfig's config as it is.
 */
const PROCESS_CACHE = _createCache();

export default getRequestConfig(async () => {
  const locale = await requestLocale();
  const config: RequestConfig & { _cache: typeof PROCESS_CACHE } = {
    locale,
    messages: MESSAGES[locale],
    timeZone: 'UTC',
    _cache: PROCESS_CACHE,
  };
  return config;
});
