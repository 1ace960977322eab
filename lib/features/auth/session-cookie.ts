import { encode } from 'next-auth/jwt';
import { authSecret, scopeOf, type SessionIdentity } from './next-auth';
import { nextAuthUrl, trustsHostHeader } from '@/lib/config/env';

// Writes and clears next-auth's session cookie outside its own routes, for sessions that do not
// start with a password ("open as" links). The cookie is the one next-auth itself reads: same name
// rule, same encryption (next-auth/jwt's encode with the app's secret), host-only like every
// session cookie here, so it belongs to the tenant host that answered.

type HeaderGet = { get(name: string): string | null };

/** next-auth's own rule: secure cookies when the origin it detects starts with https. */
export function secureCookies(h: HeaderGet): boolean {
  const configured = nextAuthUrl();
  if (configured) return configured.startsWith('https://');
  if (trustsHostHeader()) return h.get('x-forwarded-proto') !== 'http';
  return false;
}

function cookieName(secure: boolean): string {
  return `${secure ? '__Secure-' : ''}next-auth.session-token`;
}

function serialize(name: string, value: string, maxAgeSeconds: number, secure: boolean): string {
  return `${name}=${value}; Path=/; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

/** A Set-Cookie value that starts a session for `identity` on this host, for `maxAgeSeconds`. */
export async function sessionCookie(h: HeaderGet, identity: SessionIdentity, maxAgeSeconds: number): Promise<string> {
  const secret = authSecret();
  if (!secret) throw new Error('AUTH_SECRET is not set');
  const token = { name: identity.name, email: identity.email, sub: `${scopeOf(identity)}:${identity.uid}`, identity };
  const secure = secureCookies(h);
  return serialize(cookieName(secure), await encode({ token, secret, maxAge: maxAgeSeconds }), maxAgeSeconds, secure);
}

/** A Set-Cookie value that ends this host's session. */
export function clearedSessionCookie(h: HeaderGet): string {
  const secure = secureCookies(h);
  return serialize(cookieName(secure), '', 0, secure);
}
