import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { z } from 'zod';
import { directDb, pooledDb } from '@/lib/infra/db/pool';
import { requestClientAddress } from '@/lib/infra/client-address';
import { log } from '@/lib/infra/log';
import { countLoginRefusal, type LoginRefusal } from '@/lib/infra/metrics';
import { hostFromHeaders } from '@/lib/tenancy/request';
import { authenticateTenantUser } from './authenticate';
import { dummyHash, verifyPassword } from '@/lib/features/auth/password';
import { loginAttempt, loginSucceeded } from './rate-limit';
import { impersonationActive } from './impersonation';
import { findSuperuserByEmail } from './superusers';
import { loginSecondFactor, type Account } from './two-factor';
import { passwordRefusedFor, SSO_REQUIRED } from './sso';
import { recordAudit } from '@/lib/platform/audit';
import { resolveTenant, withTenant } from '@/lib/tenancy';
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
  /** Issue 23: the sign-in passed a second factor (a TOTP or recovery code). */
  twoFactor?: boolean;
}

/** authorize()'s errors that make the login page ask for the code (the email and password stay). */
export const TWO_FACTOR_REQUIRED = 'TwoFactorRequired';
export const TWO_FACTOR_WRONG = 'TwoFactorWrong';

const credentials = z.object({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .min(3)
    .max(254)
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s)), // NUL would be a database error
  password: z.string().min(1).max(200),
  // The second step of a login with two-factor: a 6-digit code or a recovery code.
  code: z.string().max(64).optional(),
});

type Headers = Record<string, string | string[] | undefined> | undefined;
function header(h: Headers, name: string): string | null {
  const v = h?.[name];
  return Array.isArray(v) ? (v[0] ?? null) : (v ?? null);
}

/** Thrown text reaches the login page as ?error=...; keep it a sentence. */
export class LoginError extends Error {
  constructor(
    message: string,
    readonly reason: LoginRefusal,
  ) {
    super(message);
  }
}

export async function authorizeLogin(raw: unknown, reqHeaders: Headers): Promise<SessionIdentity | null> {
  const parsed = credentials.safeParse(raw);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const code = parsed.data.code?.trim() || undefined;
  const rh = hostFromHeaders((name) => header(reqHeaders, name));
  // Set by server.ts from the socket (and TRUST_PROXY), never a client-written X-Forwarded-For.
  const address = requestClientAddress(reqHeaders);
  if (!rh) return null;
  const { host, kind } = rh;

  if (kind === 'root') {
    const subject = { scope: 'root', email, address };
    const wait = await loginAttempt(pooledDb(), subject);
    if (wait !== null) throw new LoginError(`Too many login attempts; ${tryAgainIn(wait)}.`, 'rate_limited');
    const su = await findSuperuserByEmail(directDb(), email);
    const ok = await verifyPassword(password, su?.password_hash ?? (await dummyHash()));
    if (!su || !ok) return null;
    const second = await secondStep(directDb(), { kind: 'superuser', id: su.id }, code, { actor: su.email, tenant: null, address });
    await loginSucceeded(pooledDb(), subject);
    log.info({ host, uid: su.id, address, twoFactor: second }, 'superuser login');
    // Without a code (two-factor off) the session is marked so: with "superusers must use
    // two-factor" on, requireSuperuser sends it to /admin/two-factor and nowhere else.
    return { uid: su.id, email: su.email, name: su.email, kind: 'superuser', tenant: null, role: 'superuser', twoFactor: second !== 'off' };
  }

  const tenant = await resolveTenant(host);
  if (!tenant) return null;
  if (tenant.status === 'suspended') throw new LoginError('This organisation is suspended.', 'suspended');
  const subject = { scope: tenant.schema, email, address };
  const wait = await loginAttempt(pooledDb(), subject);
  if (wait !== null) throw new LoginError(`Too many login attempts; ${tryAgainIn(wait)}.`, 'rate_limited');
  const user = await authenticateTenantUser(tenant, email, password);
  if (!user) return null;
  // Issue 23, part 3: "require single sign-on" refuses members here (after the password, so the
  // answer says nothing about accounts to someone without one); admins keep the password.
  if (await withTenant(tenant, (db) => passwordRefusedFor(db, user.role))) throw new LoginError(SSO_REQUIRED, 'sso_required');
  // Another transaction only for an account with two-factor (the password's read saw the column).
  const second = user.twoFactor ? await withTenant(tenant, (db) => loginSecondFactor(db, { kind: 'tenant', id: user.id }, code)) : 'off';
  await afterSecondStep(second, { actor: user.email, tenant, address });
  await loginSucceeded(pooledDb(), subject);
  log.info({ host, tenant: tenant.schema, uid: user.id, address, twoFactor: second }, 'tenant login');
  return tenantIdentity(user, tenant.schema, { twoFactor: second !== 'off' });
}

/** The session identity of a tenant's user (password login, signup handoff, "open as", single sign-on). */
export function tenantIdentity(
  user: { id: number; email: string; name: string; role: 'admin' | 'member' },
  schema: string,
  extra: Pick<SessionIdentity, 'twoFactor' | 'impersonator'> = {},
): SessionIdentity {
  return { uid: user.id, email: user.email, name: user.name, kind: 'tenant', tenant: schema, role: user.role, ...extra };
}

type Second = Awaited<ReturnType<typeof loginSecondFactor>>;

/**
 * After the password: no code for an account with two-factor is TwoFactorRequired (the page asks
 * for it; the attempt was counted by the limiter like a password), a wrong or reused code is
 * TwoFactorWrong (counted too), and a recovery code is recorded in the audit trail.
 */
async function afterSecondStep(
  second: Second,
  who: { actor: string; tenant: { schema: string; id: number } | null; address: string | null },
): Promise<void> {
  if (second === 'required') throw new LoginError(TWO_FACTOR_REQUIRED, 'two_factor');
  if (second === 'wrong') throw new LoginError(TWO_FACTOR_WRONG, 'two_factor');
  if (second === 'recovery') {
    await recordAudit(directDb(), {
      actor: who.actor,
      action: 'two_factor.recovery_code_used',
      tenant: who.tenant?.schema ?? null,
      tenantId: who.tenant?.id ?? null,
      detail: {},
      address: who.address,
    });
  }
}

async function secondStep(
  db: Parameters<typeof loginSecondFactor>[0],
  account: Account,
  code: string | undefined,
  who: Parameters<typeof afterSecondStep>[1],
): Promise<Second> {
  const second = await loginSecondFactor(db, account, code);
  await afterSecondStep(second, who);
  return second;
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
          code: { label: 'Two-factor code', type: 'text' },
        },
        async authorize(creds, req) {
          const id = await authorizeLogin(creds, req?.headers as Headers).catch((err: unknown) => {
            if (err instanceof LoginError) countLoginRefusal('form', err.reason);
            throw err;
          });
          if (!id) {
            countLoginRefusal('form', 'credentials');
            return null;
          }
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
