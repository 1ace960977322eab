import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { Resolver } from 'node:dns/promises';
import type { Kysely } from 'kysely';
import type { PublicDatabase } from '@/lib/infra/db/schema';
import { UserError } from '@/lib/infra/errors';
import { validateDomain } from '@/lib/tenancy/host';
import { notifyTenancyChange } from '@/lib/tenancy/operator';
import { invalidateTenantCache } from '@/lib/tenancy/operator';
import { rootDomain } from '@/lib/tenancy/routing';
import { dnsServers } from '@/lib/config/env';

// Custom domains prove ownership like Vercel's `_vercel.<domain>`: a TXT record
// `_quorum-challenge.<domain>` whose value is the domain's token. Until then it is pending and
// does not route. Subdomains of ROOT_DOMAIN are ours already: they are verified on creation.

export const CHALLENGE_LABEL = '_quorum-challenge';

export function challengeName(domain: string): string {
  return `${CHALLENGE_LABEL}.${domain}`;
}

export function newVerificationToken(): string {
  return `quorum-verify=${randomBytes(16).toString('hex')}`;
}

/** A subdomain of ROOT_DOMAIN (verified by construction) as opposed to a custom domain. */
export function isRootSubdomain(domain: string, root = rootDomain()): boolean {
  const rootHost = root.replace(/:\d+$/, '').toLowerCase();
  return domain.endsWith(`.${rootHost}`);
}

/**
 * DNS_SERVERS ("host:port,host:port"; IPv6 as "[::1]:53") as node's Resolver wants them;
 * null when unset (the system resolver). Throws a sentence on a malformed list.
 */
export function parseDnsServers(raw: string | undefined): string[] | null {
  if (!raw || raw.trim() === '') return null;
  return raw.split(',').map((entry) => {
    const s = entry.trim();
    const m = /^(?:\[([0-9a-fA-F:]+)\]|([0-9.]+))(?::(\d{1,5}))?$/.exec(s);
    const host = m?.[1] ?? m?.[2];
    const port = m?.[3] ? Number(m[3]) : 53;
    if (!m || !host || !isIP(host) || port < 1 || port > 65535)
      throw new UserError(`DNS_SERVERS entry '${s}' is not an IP address with an optional port, like 127.0.0.1:5353.`, 400);
    return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
  });
}

export type ChallengeLookup = { ok: true; values: string[] } | { ok: false; error: string };

/** The TXT values at `_quorum-challenge.<domain>` (multi-string records joined), or why they could not be read. */
export async function lookupChallenge(domain: string): Promise<ChallengeLookup> {
  const resolver = new Resolver({ timeout: 2000, tries: 2 });
  const servers = parseDnsServers(dnsServers());
  if (servers) resolver.setServers(servers);
  try {
    const records = await resolver.resolveTxt(challengeName(domain));
    return { ok: true, values: records.map((chunks) => chunks.join('')) };
  } catch (err) {
    const code = (err as { code?: string }).code ?? 'error';
    // No such name / no TXT at it: an answer, not a failure.
    if (code === 'ENOTFOUND' || code === 'ENODATA') return { ok: true, values: [] };
    return { ok: false, error: `The DNS server could not be asked (${code}); the domain stays pending. Try again in a moment.` };
  }
}

export interface DomainChallenge {
  domain: string;
  verified: boolean;
  /** The TXT record to create (null once verified). */
  record: { name: string; value: string } | null;
}

/**
 * Checks the TXT record of a pending custom domain and, when it carries the token, marks the
 * domain verified (it routes from then on). A wrong or missing record leaves it pending, and the
 * sentence says what was found.
 */
export async function verifyDomain(db: Kysely<PublicDatabase>, schema: string, domainInput: string): Promise<DomainChallenge> {
  const v = validateDomain(domainInput);
  if (!v.ok) throw new UserError(v.error, 400, 'domain');
  const domain = v.domain;
  const row = await db
    .selectFrom('public.domains as d')
    .innerJoin('public.tenants as t', 't.id', 'd.tenant_id')
    .select(['d.id', 'd.verified', 'd.verification_token'])
    .where('t.schema_name', '=', schema)
    .where('d.domain', '=', domain)
    .executeTakeFirst();
  if (!row) throw new UserError(`'${domain}' is not a domain of '${schema}'.`, 404, 'domain');
  if (row.verified || !row.verification_token) return { domain, verified: true, record: null };
  const token = row.verification_token;
  const name = challengeName(domain);
  const found = await lookupChallenge(domain);
  if (!found.ok) throw new UserError(found.error, 503, 'domain');
  if (!found.values.includes(token)) {
    const seen = found.values.length
      ? `it has ${found.values.map((x) => `'${x}'`).join(', ')}`
      : 'no TXT record was found there (DNS changes can take a few minutes to appear)';
    throw new UserError(
      `Not verified: ${name} should have the TXT value '${token}', but ${seen}. The domain stays pending.`,
      409,
      'domain',
    );
  }
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('public.domains')
      .set({ verified: true, verification_token: null })
      .where('id', '=', row.id)
      .where('verified', '=', false)
      .execute();
    await notifyTenancyChange(trx, schema);
  });
  invalidateTenantCache();
  return { domain, verified: true, record: null };
}

/** The challenge of a domain row, for the admin screens and the CLI. */
export function challengeOf(row: { domain: string; verified: boolean; verification_token: string | null }): DomainChallenge {
  return {
    domain: row.domain,
    verified: row.verified,
    record: !row.verified && row.verification_token ? { name: challengeName(row.domain), value: row.verification_token } : null,
  };
}

/** For the TLS proxy's on-demand certificates: is this a host we serve (a verified domain)? */
export async function servesDomain(db: Kysely<PublicDatabase>, domainInput: string): Promise<boolean> {
  const v = validateDomain(domainInput);
  if (!v.ok) return false;
  const row = await db
    .selectFrom('public.domains')
    .select('id')
    .where('domain', '=', v.domain)
    .where('verified', '=', true)
    .executeTakeFirst();
  return !!row;
}
