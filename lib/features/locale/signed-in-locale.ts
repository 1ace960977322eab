// The language of the user signed in on this request's host (issue 25, part 3), for i18n/request.ts.
// Apart from ./user-locale.ts because it reads the session (next-auth, next/headers), which the
// jobs and the CLI must not load.
import { isLocale, type Locale } from '@/lib/config/locale';
import type { ResolvedTenant } from '@/lib/tenancy';
import { sessionIdentity } from '@/lib/features/auth/session';
import { liveTenantUser } from '@/lib/features/auth/live-user';

/**
 * The language saved by the user signed in on this tenant's host, or null (no session of this
 * tenant, none chosen). No query of its own in a render: the session and the user's row are the
 * ones the page's session helpers read (both memoised per render).
 */
export async function signedInUserLocale(tenant: ResolvedTenant): Promise<Locale | null> {
  const id = await sessionIdentity();
  if (!id || id.kind !== 'tenant' || id.tenant !== tenant.schema) return null;
  const live = await liveTenantUser(tenant, id.uid);
  return live && isLocale(live.locale) ? live.locale : null;
}
