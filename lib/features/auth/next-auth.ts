import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { z } from 'zod';
import { directDb, pooledDb } from '@/lib/infra/db/pool';
import { requestClientAddress } from '@/lib/infra/client-address';
import { log } from '@/lib/infra/log';
import { resolveTenant } from '@/lib/tenancy';
import { hostFromHeaders } from '@/lib/tenancy/request';
import { authenticateTenantUser } from './authenticate';
import { dummyHash, verifyPassword } from '@/lib/features/auth/password';
import { loginAttempt, loginSucceeded } from './rate-limit';
import { impersonationActive } from './impersonation';
import { findSuperuserByEmail } from './superusers';
import { authSecret as configuredAuthSecret } from '@/lib/config/env';
import { tryAgainIn } from '@/lib/infra/format';

// One credentials provider for both kinds of account. Which kind is decided by the Host
// (via the middleware's trusted header), never by a form field: superusers on the root host,
// a tenant's users on that tenant's host. The JWT carries the tenant it was issued for.

export interface SessionIdentity {
  uid: number;
  email: string;
  name: string;
  kind: 'superuser' | 'tenant';
  /** Tenant schema the session belongs to; null for superusers. */
  tenant: string | null;
  role: 'admin' | 'member' | 'superuser';
  /**
   * Set when a superuser opened the tenant as this user ("open as"): who, until when (epoch ms),
   * and the link's row (`session`), which Stop marks as ended.
   */
  impersonator?: { email: string; id: number; until: number; session: string };
}

const credentials = z.object({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .min(3)
    .max(254)
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s)), // NUL would be a database error
  password: z.string().min(1).max(200),
});

type Headers = Record<string, string | string[] | undefined> | undefined;
function header(h: Headers, name: string): string | null {
  const v = h?.[name];
  return Array.isArray(v) ? (v[0] ?? null) : (v ?? null);
}

/** Thrown text reaches the login page as ?error=...; keep it a sentence. */
export class LoginError extends Error {}

export async function authorizeLogin(raw: unknown, reqHeaders: Headers): Promise<SessionIdentity | null> {
  const parsed = credentials.safeParse(raw);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const rh = hostFromHeaders((name) => header(reqHeaders, name));
  // Set by server.ts from the socket (and TRUST_PROXY), never a client-written X-Forwarded-For.
  const address = requestClientAddress(reqHeaders);
  if (!rh) return null;
  const { host, kind } = rh;

  if (kind === 'root') {
    const subject = { scope: 'root', email, address };
    const wait = await loginAttempt(pooledDb(), subject);
    if (wait !== null) throw new LoginError(`Too many login attempts; ${tryAgainIn(wait)}.`);
    const su = await findSuperuserByEmail(directDb(), email);
    const ok = await verifyPassword(password, su?.password_hash ?? (await dummyHash()));
    if (!su || !ok) return null;
    await loginSucceeded(pooledDb(), subject);
    log.info({ host, uid: su.id, address }, 'superuser login');
    return { uid: su.id, email: su.email, name: su.email, kind: 'superuser', tenant: null, role: 'superuser' };
  }

  const tenant = await resolveTenant(host);
  if (!tenant) return null;
  if (tenant.status === 'suspended') throw new LoginError('This organisation is suspended.');
  const subject = { scope: tenant.schema, email, address };
  const wait = await loginAttempt(pooledDb(), subject);
  if (wait !== null) throw new LoginError(`Too many login attempts; ${tryAgainIn(wait)}.`);
  const user = await authenticateTenantUser(tenant, email, password);
  if (!user) return null;
  await loginSucceeded(pooledDb(), subject);
  log.info({ host, tenant: tenant.schema, uid: user.id, address }, 'tenant login');
  return { uid: user.id, email: user.email, name: user.name, kind: 'tenant', tenant: tenant.schema, role: user.role };
}

export function authSecret(): string | undefined {
  return configuredAuthSecret();
}

/** The session scope of a host: its tenant schema, 'root' for the root host, null if unknown. */
export type SessionScope = string | null;

export function scopeOf(identity: SessionIdentity): string {
  return identity.tenant ?? 'root';
}

/**
 * next-auth options for one request's host. A token issued for another scope is rejected in the
 * jwt callback, so /api/auth/session answers "no session" and getServerSession returns null.
 */
export function authOptionsFor(scope: SessionScope): NextAuthOptions {
  return {
    secret: authSecret(),
    session: { strategy: 'jwt', maxAge: 8 * 60 * 60 },
    pages: { signIn: '/login', error: '/login' },
    // No `domain` on any cookie: next-auth's defaults are host-only, so a session never travels.
    providers: [
      CredentialsProvider({
        id: 'credentials',
        name: 'Email and password',
        credentials: {
          email: { label: 'Email', type: 'email' },
          password: { label: 'Password', type: 'password' },
        },
        async authorize(creds, req) {
          const id = await authorizeLogin(creds, req?.headers as Headers);
          if (!id) return null;
          return { id: `${scopeOf(id)}:${id.uid}`, email: id.email, name: id.name, identity: id } as never;
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        const identity =
          (user as unknown as { identity?: SessionIdentity } | undefined)?.identity ?? (token.identity as SessionIdentity | undefined);
        if (!identity || scope === null || scopeOf(identity) !== scope) throw new Error('session was issued for another host');
        // An impersonated session ends at its own deadline, well before the usual 8 hours, or at
        // Stop (checked in the database: a copied cookie must not outlive Stop).
        if (identity.impersonator) {
          if (!(identity.impersonator.until > Date.now())) throw new Error('impersonation ended');
          if (!(await impersonationActive(directDb(), identity.impersonator.session))) throw new Error('impersonation ended');
        }
        token.identity = identity;
        return token;
      },
      async session({ session, token }) {
        (session as unknown as { identity?: SessionIdentity }).identity = token.identity as SessionIdentity | undefined;
        return session;
      },
    },
  };
}
