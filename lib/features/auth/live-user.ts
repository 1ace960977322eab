// What a session's cookie cannot know (issue 24): the user's role as the database has it now, and
// whether the organisation requires two-factor of its admins (issue 23). Used by the pages'
// session helpers (lib/features/auth/session.ts, memoised per render) and by the API endpoints a
// browser session may call (the logo), so both refuse the same sessions. The same row also carries
// the user's language (issue 25, part 3), so the page's language (i18n/request.ts) costs no query.
import { sql } from 'kysely';
import { cache } from 'react';
import { tenantStatement, type TenantRef } from '@/lib/tenancy';
import type { SessionIdentity } from './next-auth';

export interface LiveUser {
  role: 'admin' | 'member';
  adminsNeedTwoFactor: boolean;
  /** The language the user chose (users.locale), null = the organisation's default. */
  locale: string | null;
}

/**
 * The user's role and language now and the organisation's two-factor rule for admins (one
 * statement), or null if the user row is gone. Memoised per server render (React `cache`, keyed
 * by the tenant object and the id): the session helpers and the request's language
 * (i18n/request.ts) share one query. Outside a render (the JSON API, actions) it reads every time.
 */
export const liveTenantUser = cache(async function liveTenantUser(tenant: TenantRef, uid: number): Promise<LiveUser | null> {
  const rows = await tenantStatement(tenant, (db) =>
    db
      .selectFrom('users')
      .select([
        'role',
        'locale',
        sql<boolean>`coalesce((select admins_must_use_two_factor from security_settings), false)`.as('adminsNeedTwoFactor'),
      ])
      .where('id', '=', uid),
  );
  return rows[0] ?? null;
});

/** An admin of an organisation that requires two-factor, signed in without a code (an "open as" session is the superuser's). */
export function mustSetUpTwoFactor(identity: Pick<SessionIdentity, 'twoFactor' | 'impersonator'>, live: LiveUser): boolean {
  return live.role === 'admin' && live.adminsNeedTwoFactor && !identity.twoFactor && !identity.impersonator;
}
