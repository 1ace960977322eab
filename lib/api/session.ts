// The browser session (next-auth's JWT cookie) for the few API endpoints a logged-in admin also uses
// from the browser (the logo upload). Read without Next, so server.ts and the catch-all answer
// alike: the cookie is decrypted with the same secret and passed through the SAME jwt callback as
// getServerSession (authOptionsFor: the session must belong to this host's scope; an impersonation
// must still be active), so a session of another host or an ended impersonation is no session.
import { getCookie } from 'hono/cookie';
import { getToken } from 'next-auth/jwt';
import { authOptionsFor, type SessionIdentity } from '@/lib/features/auth/next-auth';
import type { ApiContext } from './define';

export async function sessionIdentity(c: ApiContext, scope: string): Promise<SessionIdentity | null> {
  const options = authOptionsFor(scope);
  const token = await getToken({ req: { cookies: getCookie(c), headers: {} } as never, secret: options.secret });
  if (!token) return null;
  try {
    const checked = await options.callbacks!.jwt!({ token, user: undefined as never, account: null });
    return (checked.identity as SessionIdentity | undefined) ?? null;
  } catch {
    return null;
  }
}
