// What a session's cookie cannot know (issue 24): the user's role as the database has it now, and
// whether the organisation requires two-factor of its admins (issue 23). Used by the pages'
// session helpers (lib/features/auth/session.ts, memoised per render) and by the API endpoints a
// browser session may call (the logo), so both refuse the same sessions.
import { sql } from 'kysely';
import { tenantStatement, type TenantRef } from '@/lib/tenancy';
import type { SessionIdentity } from './next-auth';

export interface LiveUser {
  role: 'admin' | 'member';
  adminsNeedTwoFactor: boolean;
}

/** The user's role now and the organisation's two-factor rule for admins (one statement), or null if the user row is gone. */
export async function liveTenantUser(tenant: TenantRef, uid: number): Promise<LiveUser | null> {
  const rows = await tenantStatement(tenant, (db) =>
    db
      .selectFrom('users')
      .select(['role', sql<boolean>`coalesce((select admins_must_use_two_factor from security_settings), false)`.as('adminsNeedTwoFactor')])
      .where('id', '=', uid),
  );
  return rows[0] ?? null;
}

/** An admin of an organisation that requires two-factor, signed in without a code (an "open as" session is the superuser's). */
export function mustSetUpTwoFactor(identity: Pick<SessionIdentity, 'twoFactor' | 'impersonator'>, live: LiveUser): boolean {
  return live.role === 'admin' && live.adminsNeedTwoFactor && !identity.twoFactor && !identity.impersonator;
}
