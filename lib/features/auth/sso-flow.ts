import { randomBytes } from 'node:crypto';
import type { NextRequest } from 'next/server';
import { decode, encode } from 'next-auth/jwt';
import * as oidc from 'openid-client';
import { requestClientAddress } from '@/lib/infra/client-address';
import { directDb } from '@/lib/infra/db/pool';
import { log } from '@/lib/infra/log';
import { recordAudit } from '@/lib/platform/audit';
import { withTenant } from '@/lib/tenancy';
import { requestHost, requestTenant } from '@/lib/tenancy/request';
import { authSecret, tenantIdentity } from './next-auth';
import { hashPassword } from './password';
import { secureCookies, sessionCookie } from './session-cookie';
import { discoverForSignIn, enabledProvider, ssoCallbackUrl } from './sso';
import { SESSION_SECONDS } from './start-session';
import { createUser, findUserByEmail } from './users';
import { emitMemberJoined } from '@/lib/features/webhooks/events';

// Single sign-on's two routes on a tenant host (issue 23, part 3), with openid-client: GET
// /sso/start sends the browser to the organisation's provider (authorization code + PKCE, state
// and nonce), GET /sso/callback checks the answer (state, nonce, issuer, audience, signature: all
// openid-client's) and starts the same session as a password login. State, nonce and the PKCE
// verifier travel in a short-lived, host-only, httpOnly cookie, encrypted like the session
// (next-auth/jwt) and bound to this tenant's id; the provider is looked up for the tenant of the
// request's Host only. Every refusal lands on this host's login page with a sentence.

const STATE_COOKIE = 'quorum-sso';
const STATE_SECONDS = 10 * 60;
const PURPOSE = 'quorum-sso-state';
const NO_STORE = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };

export const SSO_REFUSED = {
  off: 'Single sign-on is not turned on for this organisation.',
  provider: 'The sign-in provider could not be reached. Try again, or ask an admin to test the single sign-on settings.',
  state: 'That sign-in link has expired or was already used. Start again with the sign-in button.',
  failed: 'The sign-in provider did not confirm who you are. Start again with the sign-in button.',
  unverified: 'Your sign-in provider has not verified your email address, so it cannot sign you in here.',
  unknown: 'There is no account for your email address in this organisation. Ask an admin to invite you.',
  denied: 'The sign-in was cancelled or refused at the provider.',
} as const;

interface StateToken {
  purpose: typeof PURPOSE;
  tenantId: number;
  host: string;
  state: string;
  nonce: string;
  verifier: string;
}

function stateCookie(req: NextRequest, value: string, maxAge: number): string {
  // Host-only (no Domain) and only sent to /sso: it never reaches another organisation's host.
  return `${STATE_COOKIE}=${value}; Path=/sso; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secureCookies(req.headers) ? '; Secure' : ''}`;
}

function seeOther(location: string, cookies: string[] = []): Response {
  const headers = new Headers({ ...NO_STORE, location });
  for (const c of cookies) headers.append('set-cookie', c);
  return new Response(null, { status: 303, headers });
}

/** A refusal: this host's login page with the sentence (relative: the browser stays on its host). */
function refuse(req: NextRequest, sentence: string): Response {
  return seeOther(`/login?error=${encodeURIComponent(sentence)}`, [stateCookie(req, '', 0)]);
}

function secret(): string {
  const s = authSecret();
  if (!s) throw new Error('AUTH_SECRET is not set');
  return s;
}

/** GET /sso/start: to the organisation's provider, with a fresh state, nonce and PKCE verifier. */
export async function startSso(req: NextRequest): Promise<Response> {
  const rh = await requestHost();
  const tenant = await requestTenant();
  if (!rh || !tenant || tenant.status === 'suspended') return seeOther('/login');
  const provider = await withTenant(tenant, enabledProvider);
  if (!provider) return refuse(req, SSO_REFUSED.off);
  let config: oidc.Configuration;
  try {
    config = await discoverForSignIn(provider);
  } catch (err) {
    log.warn({ tenant: tenant.schema, err: String(err) }, 'sso discovery failed');
    return refuse(req, SSO_REFUSED.provider);
  }
  const token: StateToken = {
    purpose: PURPOSE,
    tenantId: tenant.id,
    host: rh.host,
    state: oidc.randomState(),
    nonce: oidc.randomNonce(),
    verifier: oidc.randomPKCECodeVerifier(),
  };
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: ssoCallbackUrl(rh.host),
    scope: 'openid email profile',
    code_challenge: await oidc.calculatePKCECodeChallenge(token.verifier),
    code_challenge_method: 'S256',
    state: token.state,
    nonce: token.nonce,
  });
  const sealed = await encode({ token: { ...token }, secret: secret(), maxAge: STATE_SECONDS });
  return seeOther(url.href, [stateCookie(req, sealed, STATE_SECONDS)]);
}

async function readState(req: NextRequest): Promise<StateToken | null> {
  const raw = req.cookies.get(STATE_COOKIE)?.value;
  if (!raw) return null;
  try {
    const t = (await decode({ token: raw, secret: secret() })) as Partial<StateToken> | null;
    return t?.purpose === PURPOSE ? (t as StateToken) : null;
  } catch {
    return null;
  }
}

interface Claims {
  email: string;
  name: string;
}

/** The verified email (and a name) of the ID token, or the refusal's sentence. */
function claimsOf(c: Record<string, unknown> | undefined): Claims | string {
  if (!c) return SSO_REFUSED.failed;
  if (typeof c.email !== 'string' || !c.email.includes('@')) return SSO_REFUSED.unverified;
  if (c.email_verified !== true) return SSO_REFUSED.unverified;
  const name = typeof c.name === 'string' ? c.name.slice(0, 200) : '';
  return { email: c.email.trim().toLowerCase(), name };
}

/** GET /sso/callback: checks the provider's answer and starts a session for the matching user. */
export async function ssoCallback(req: NextRequest): Promise<Response> {
  const rh = await requestHost();
  const tenant = await requestTenant();
  if (!rh || !tenant || tenant.status === 'suspended') return seeOther('/login');
  const params = req.nextUrl.searchParams;
  const saved = await readState(req);
  // The state cookie is host-only; one carried by hand to another host is bound to its tenant.
  if (!saved || saved.tenantId !== tenant.id || saved.host !== rh.host) return refuse(req, SSO_REFUSED.state);
  if (params.get('error')) return refuse(req, SSO_REFUSED.denied);
  const provider = await withTenant(tenant, enabledProvider);
  if (!provider) return refuse(req, SSO_REFUSED.off);

  let claims: Claims | string;
  try {
    const config = await discoverForSignIn(provider);
    const current = new URL(ssoCallbackUrl(rh.host));
    current.search = req.nextUrl.search;
    const tokens = await oidc.authorizationCodeGrant(config, current, {
      pkceCodeVerifier: saved.verifier,
      expectedState: saved.state,
      expectedNonce: saved.nonce,
      idTokenExpected: true,
    });
    const idToken = tokens.claims();
    // Some providers put the email in the ID token, others only at userinfo (openid-client checks its `sub`).
    claims = claimsOf(
      idToken && typeof idToken.email !== 'string'
        ? { ...idToken, ...(await oidc.fetchUserInfo(config, tokens.access_token, idToken.sub)) }
        : idToken,
    );
  } catch (err) {
    log.warn({ tenant: tenant.schema, err: String(err) }, 'sso callback refused');
    const code = (err as { code?: string }).code;
    return refuse(req, code === 'OAUTH_INVALID_RESPONSE' && /state/i.test(String(err)) ? SSO_REFUSED.state : SSO_REFUSED.failed);
  }
  if (typeof claims === 'string') return refuse(req, claims);

  const { email, name } = claims;
  // No password anyone knows for a created member: a random one, hashed (the account signs in with
  // its provider, or resets it). Hashed before the transaction, so it holds no connection meanwhile.
  const hash = provider.createMembers ? await hashPassword(randomBytes(32).toString('base64url')) : null;
  const { user, created } = await withTenant(tenant, async (db) => {
    const found = await findUserByEmail(db, email);
    if (found || !hash) return { user: found, created: false };
    const made = await createUser(db, { email, name, role: 'member', password: 'unused-sso' }, hash, { maxUsers: tenant.maxUsers });
    await emitMemberJoined(db, tenant, made, 'sso');
    return { user: made, created: true };
  });
  if (!user) return refuse(req, SSO_REFUSED.unknown);

  const address = requestClientAddress(req.headers);
  await recordAudit(directDb(), {
    actor: user.email,
    action: created ? 'sso.member_created' : 'sso.login',
    tenant: tenant.schema,
    tenantId: tenant.id,
    detail: { issuer: provider.issuer },
    address,
  });
  log.info({ host: rh.host, tenant: tenant.schema, uid: user.id, address, created }, 'sso login');
  const identity = tenantIdentity(user, tenant.schema, { twoFactor: false });
  return seeOther('/', [stateCookie(req, '', 0), await sessionCookie(req.headers, identity, SESSION_SECONDS)]);
}
