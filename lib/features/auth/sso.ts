// Single sign-on with OpenID Connect (issue 23, part 3): the organisation's provider (one row of
// single_sign_on, in the tenant's schema: call inside that tenant's transaction), the client secret
// sealed with the two-factor secrets' helper, and the provider's discovery through openid-client
// (issuer checked, https only in production). The sign-in flow itself is in sso-flow.ts.
import { createHash } from 'node:crypto';
import * as oidc from 'openid-client';
import { z } from 'zod';
import { ssoHttpLoopbackAllowed } from '@/lib/config/env';
import { UserError } from '@/lib/infra/errors';
import { tenantLink } from '@/lib/infra/mail/links';
import { withTenant, type TenantDb, type TenantRef } from '@/lib/tenancy';
import { openSecret, sealSecret } from './two-factor-codes';

export interface SsoView {
  configured: boolean;
  displayName: string;
  issuer: string;
  clientId: string;
  /** The secret is never shown back: only whether one is stored. */
  secretSet: boolean;
  enabled: boolean;
  createMembers: boolean;
  requireSso: boolean;
}

export interface SsoProvider {
  displayName: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  createMembers: boolean;
}

function row(db: TenantDb) {
  return db.selectFrom('single_sign_on').selectAll().executeTakeFirst();
}

export async function ssoView(db: TenantDb): Promise<SsoView> {
  const r = await row(db);
  return {
    configured: !!r,
    displayName: r?.display_name ?? '',
    issuer: r?.issuer ?? '',
    clientId: r?.client_id ?? '',
    secretSet: !!r?.client_secret,
    enabled: !!r?.enabled,
    createMembers: !!r?.create_members,
    requireSso: !!r?.require_sso,
  };
}

/** The settings page's view of the organisation's provider (one transaction). */
export function tenantSsoView(tenant: TenantRef): Promise<SsoView> {
  return withTenant(tenant, ssoView);
}

/** The redirect URI to register at the provider: https://<org host>/sso/callback. */
export const ssoCallbackUrl = (host: string) => tenantLink(host, '/sso/callback');

/** The provider members sign in with on this organisation's host, or null (none, or turned off). */
export async function enabledProvider(db: TenantDb): Promise<SsoProvider | null> {
  const r = await row(db);
  if (!r?.enabled) return null;
  const clientSecret = openSecret(r.client_secret);
  if (clientSecret === null) return null; // sealed with another key: an admin must enter it again
  return { displayName: r.display_name, issuer: r.issuer, clientId: r.client_id, clientSecret, createMembers: r.create_members };
}

/** "Sign in with <name>" on the login page, or null. */
export async function ssoButtonName(tenant: TenantRef): Promise<string | null> {
  const r = await withTenant(tenant, (db) =>
    db.selectFrom('single_sign_on').select('display_name').where('enabled', '=', true).executeTakeFirst(),
  );
  return r?.display_name ?? null;
}

/** "Require single sign-on": the password login refuses members (admins keep it as a break-glass path). */
export async function passwordRefusedFor(db: TenantDb, role: 'admin' | 'member'): Promise<boolean> {
  if (role === 'admin') return false;
  const r = await db.selectFrom('single_sign_on').select('require_sso').where('enabled', '=', true).executeTakeFirst();
  return !!r?.require_sso;
}

export const SSO_REQUIRED =
  'This organisation signs its members in with single sign-on: use the “Sign in with …” button on the login page.';

/** Whether an http issuer is allowed: on loopback only, and not in production unless the tests' flag is set (SECURITY.md). */
function insecureAllowed(url: URL): boolean {
  return ssoHttpLoopbackAllowed() && url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

/** The issuer as a URL, or a sentence saying what is wrong with it. */
export function issuerUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UserError('The issuer must be a URL, such as https://example.okta.com.', 400, 'issuer');
  }
  if (url.protocol !== 'https:' && !insecureAllowed(url)) throw new UserError('The issuer must be an https:// URL.', 400, 'issuer');
  if (url.search || url.hash) throw new UserError('The issuer has no query or fragment (?… or #…).', 400, 'issuer');
  return url;
}

/**
 * The provider's configuration from its discovery document (openid-client checks that the
 * document names the same issuer), for a confidential client authenticating with HTTP Basic.
 */
export async function discover(p: Pick<SsoProvider, 'issuer' | 'clientId' | 'clientSecret'>): Promise<oidc.Configuration> {
  const url = issuerUrl(p.issuer);
  return oidc.discovery(url, p.clientId, undefined, oidc.ClientSecretBasic(p.clientSecret), {
    timeout: 10,
    ...(insecureAllowed(url) ? { execute: [oidc.allowInsecureRequests] } : {}),
  });
}

// Sign-ins reuse a provider's configuration for DISCOVERY_CACHE_MS instead of fetching its
// discovery document twice per login (start and callback). Keyed by issuer, client id and a hash
// of the secret, so saved settings with another client are a new entry; a failed discovery is not
// kept. On globalThis: Next bundles the route handlers' copy of this module apart.
const DISCOVERY_CACHE_MS = 10 * 60_000;
const DISCOVERY_CACHE_MAX = 1000;
const discoveries = ((
  globalThis as unknown as { __quorumSsoDiscovery?: Map<string, { at: number; config: Promise<oidc.Configuration> }> }
).__quorumSsoDiscovery ??= new Map());

/** discover(), remembered for DISCOVERY_CACHE_MS per issuer, client id and secret. */
export function discoverForSignIn(p: Pick<SsoProvider, 'issuer' | 'clientId' | 'clientSecret'>): Promise<oidc.Configuration> {
  const key = `${p.issuer}\0${p.clientId}\0${createHash('sha256').update(p.clientSecret).digest('base64url')}`;
  const hit = discoveries.get(key);
  if (hit && Date.now() - hit.at < DISCOVERY_CACHE_MS) return hit.config;
  if (discoveries.size >= DISCOVERY_CACHE_MAX) discoveries.clear();
  const config = discover(p);
  discoveries.set(key, { at: Date.now(), config });
  config.catch(() => {
    if (discoveries.get(key)?.config === config) discoveries.delete(key);
  });
  return config;
}

/** "Test": fetches and checks the discovery document; a sentence for what was wrong. */
export async function testDiscovery(p: Pick<SsoProvider, 'issuer' | 'clientId' | 'clientSecret'>): Promise<string> {
  let config: oidc.Configuration;
  try {
    config = await discover(p);
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(discoveryProblem(err), 400, 'issuer');
  }
  const m = config.serverMetadata();
  if (!m.authorization_endpoint || !m.token_endpoint)
    throw new UserError('The discovery document names no authorization or token endpoint.', 400, 'issuer');
  if (m.code_challenge_methods_supported && !m.code_challenge_methods_supported.includes('S256'))
    throw new UserError('The provider does not support PKCE with S256, which Quorum requires.', 400, 'issuer');
  if (m.response_types_supported && !m.response_types_supported.includes('code'))
    throw new UserError('The provider does not support the authorization code flow.', 400, 'issuer');
  return `The discovery document of ${m.issuer} is valid.`;
}

function discoveryProblem(err: unknown): string {
  const code = (err as { code?: string }).code;
  const message = err instanceof Error ? err.message : String(err);
  if (code === 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED' || /issuer/i.test(message))
    return 'The discovery document names another issuer: enter the issuer exactly as the provider gives it.';
  if (code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' || code === 'OAUTH_RESPONSE_IS_NOT_JSON' || /status|JSON/i.test(message))
    return 'The issuer did not answer with a discovery document at /.well-known/openid-configuration.';
  if (/timed? ?out|abort/i.test(message)) return 'The issuer did not answer in time.';
  return 'The issuer could not be reached (check the URL and that it is public).';
}

export const ssoInput = z.object({
  displayName: z.string().trim().min(1, 'Enter the name shown on the button.').max(60, 'The name is at most 60 characters.'),
  issuer: z.string().trim().min(1, 'Enter the issuer URL.').max(500, 'The issuer is at most 500 characters.'),
  clientId: z.string().trim().min(1, 'Enter the client id.').max(500, 'The client id is at most 500 characters.'),
  /** Blank keeps the stored secret. */
  clientSecret: z.string().trim().max(2000, 'The client secret is at most 2000 characters.'),
  enabled: z.boolean(),
  createMembers: z.boolean(),
  requireSso: z.boolean(),
});
export type SsoInput = z.infer<typeof ssoInput>;

/** The stored secret when the form left it blank; a UserError when there is none. */
export async function secretFor(db: TenantDb, typed: string): Promise<string> {
  if (typed) return typed;
  const r = await row(db);
  const stored = r ? openSecret(r.client_secret) : null;
  if (stored === null) throw new UserError('Enter the client secret.', 400, 'clientSecret');
  return stored;
}

/** Saves the organisation's provider (the one row), the secret sealed. */
export async function saveSso(db: TenantDb, input: SsoInput): Promise<void> {
  issuerUrl(input.issuer);
  const secret = await secretFor(db, input.clientSecret);
  const values = {
    display_name: input.displayName,
    issuer: input.issuer,
    client_id: input.clientId,
    client_secret: sealSecret(secret),
    enabled: input.enabled,
    create_members: input.createMembers,
    require_sso: input.enabled && input.requireSso,
    updated_at: new Date(),
  };
  await db
    .insertInto('single_sign_on')
    .values({ id: true, ...values })
    .onConflict((oc) => oc.column('id').doUpdateSet(values))
    .execute();
}
