import { cookies, headers } from 'next/headers';
import type { SessionIdentity } from './next-auth';
import { sessionCookie } from './session-cookie';

/** next-auth's session length (lib/auth/next-auth.ts: session.maxAge). */
export const SESSION_SECONDS = 8 * 60 * 60;

/**
 * Signs `identity` in on this host from a server action (the user just proved who they are some
 * other way, e.g. by accepting an invitation with a new password): the same cookie next-auth writes.
 */
export async function startSession(identity: SessionIdentity): Promise<void> {
  const raw = await sessionCookie(await headers(), identity, SESSION_SECONDS);
  const [pair, ...attributes] = raw.split('; ');
  const eq = pair.indexOf('=');
  (await cookies()).set(pair.slice(0, eq), pair.slice(eq + 1), {
    path: '/',
    maxAge: SESSION_SECONDS,
    httpOnly: true,
    sameSite: 'lax',
    secure: attributes.includes('Secure'),
  });
}
