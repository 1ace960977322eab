import { sql } from 'kysely';
import { pooledDb } from '@/lib/infra/db/pool';
import { cacheListener } from '@/lib/infra/db/listen';
// Date.now() without Next's wrapper (two calls per request; lib/infra/native-date.ts).
import { NativeDate } from '@/lib/infra/native-date';
import { log } from '@/lib/infra/log';
import { UserError } from '@/lib/infra/errors';
import { TENANCY_CHANNEL } from './notify';
import { DEFAULT_LOCALE, isLocale, type Locale } from '@/lib/config/locale';

export interface ResolvedTenant {
  id: number;
  schema: string;
  name: string;
  status: 'active' | 'suspended';
  paidUntil: string | null;
  onTrial: boolean;
  /** Anonymous clients may read polls through the JSON API. */
  publicReads: boolean;
  primaryDomain: string | null;
  /** This tenant's statement_timeout (ms), null = the default; withTenant applies it. */
  statementTimeoutMs: number | null;
  /** Quotas (null = unlimited). */
  maxPolls: number | null;
  maxUsers: number | null;
  /** Fair share (issue 21): this tenant's K and request rates (null = the defaults, 0 = no rate limit). */
  maxConcurrency: number | null;
  rateLimit: number | null;
  rateLimitPerAddress: number | null;
  /** The organisation's language (issue 25, part 3): for its users who chose none and its visitors. */
  defaultLocale: Locale;
}

interface Entry {
  tenant: ResolvedTenant | null;
  expires: number;
}

// In-process cache of host → tenant. Changes made by this process clear it at once; changes
// made elsewhere (CLI, another worker) arrive by LISTEN on the direct connection. The TTL is
// the backstop if that listener is down (while it is down, entries live 3 s; when it drops, the
// cache is cleared).
const POSITIVE_TTL_MS = 300_000;
const NEGATIVE_TTL_MS = 2_000;
const MAX_ENTRIES = 50_000;

const g = globalThis as unknown as {
  __quorumHostCache?: Map<string, Entry>;
};
const cache: Map<string, Entry> = (g.__quorumHostCache ??= new Map());

// Single flight: concurrent requests for a host that is not cached share one lookup.
const inflight = new Map<string, Promise<ResolvedTenant | null>>();
// Bumped by every invalidation: a lookup that started before one must not store its answer.
let generation = 0;

export function invalidateTenantCache(): void {
  generation++;
  cache.clear();
  inflight.clear();
  warm.freshUntil = 0;
}

const listener = cacheListener({
  key: '__quorumListener',
  channel: TENANCY_CHANNEL,
  applicationName: 'quorum-listen',
  label: 'tenancy listener',
  onChange: invalidateTenantCache,
});
const listening = listener.listening;
const ensureListener = listener.ensure;

export function stopTenancyListener(): Promise<void> {
  return listener.stop();
}

/**
 * The cached tenant of a host without waiting: the tenant, null (known to be no tenant) or
 * undefined (not cached; resolveTenant looks it up). For checks that must not cost a query (rate limits).
 */
export function cachedTenant(host: string): ResolvedTenant | null | undefined {
  const hit = cache.get(host);
  return hit && hit.expires > NativeDate.now() ? hit.tenant : undefined;
}

/** Host (already normalised by the middleware) → tenant, or null when no domain matches. */
export async function resolveTenant(host: string): Promise<ResolvedTenant | null> {
  ensureListener();
  const now = NativeDate.now();
  maybeWarm(now);
  const hit = cache.get(host);
  if (hit && hit.expires > now) return hit.tenant;
  const pending = inflight.get(host);
  if (pending) return pending;
  const lookup = lookupTenant(host, generation).finally(() => {
    if (inflight.get(host) === lookup) inflight.delete(host);
  });
  inflight.set(host, lookup);
  return lookup;
}

// Only verified domains route: a pending custom domain (TXT record not checked yet) is unknown here.
function tenantsQuery() {
  return pooledDb()
    .selectFrom('public.domains as d')
    .innerJoin('public.tenants as t', 't.id', 'd.tenant_id')
    .where('d.verified', '=', true)
    .select([
      'd.domain',
      't.id',
      't.schema_name',
      't.name',
      't.status',
      't.paid_until',
      't.on_trial',
      't.public_reads',
      't.statement_timeout_ms',
      't.max_polls',
      't.max_users',
      't.max_concurrency',
      't.rate_limit',
      't.rate_limit_per_address',
      't.default_locale',
      sql<string | null>`(select p.domain from public.domains p where p.tenant_id = t.id and p.is_primary)`.as('primary_domain'),
    ]);
}

type TenantRow = Awaited<ReturnType<ReturnType<typeof tenantsQuery>['executeTakeFirstOrThrow']>>;

function toTenant(row: TenantRow): ResolvedTenant {
  return {
    id: row.id,
    schema: row.schema_name,
    name: row.name,
    status: row.status,
    paidUntil: row.paid_until,
    onTrial: row.on_trial,
    publicReads: row.public_reads,
    primaryDomain: row.primary_domain,
    statementTimeoutMs: row.statement_timeout_ms,
    maxPolls: row.max_polls,
    maxUsers: row.max_users,
    maxConcurrency: row.max_concurrency,
    rateLimit: row.rate_limit,
    rateLimitPerAddress: row.rate_limit_per_address,
    defaultLocale: isLocale(row.default_locale) ? row.default_locale : DEFAULT_LOCALE,
  };
}

async function lookupTenant(host: string, startedAt: number): Promise<ResolvedTenant | null> {
  const row = await tenantsQuery().where('d.domain', '=', host).executeTakeFirst();
  const tenant = row ? toTenant(row) : null;
  if (startedAt !== generation) return tenant; // invalidated meanwhile: answer, but do not cache
  if (cache.size >= MAX_ENTRIES) cache.clear();
  const ttl = tenant ? (listening() ? POSITIVE_TTL_MS : 3_000) : NEGATIVE_TTL_MS;
  cache.set(host, { tenant, expires: NativeDate.now() + ttl });
  return tenant;
}

// Warming: while the listener is up (so every change clears the cache at once), all domains are
// loaded in one query in the background — after start, after each invalidation (at most once a
// second) and before the entries expire — so that with thousands of tenants a host's first
// request does not pay for a lookup of its own. Requests never wait for it; a host that is not
// (yet) in the cache is looked up on its own as before. Skipped above MAX_ENTRIES / 2 domains.
const WARM_MIN_INTERVAL_MS = 1_000;
const warm = { running: false, startedAt: 0, freshUntil: 0, tooMany: false };

function maybeWarm(now: number): void {
  if (warm.running || warm.tooMany || !listening() || now < warm.freshUntil || now - warm.startedAt < WARM_MIN_INTERVAL_MS) return;
  warm.running = true;
  warm.startedAt = now;
  const gen = generation;
  warmCache(gen)
    .catch((err: Error) => log.warn({ err: err.message }, 'warming the host cache failed; hosts are looked up one by one'))
    .finally(() => {
      warm.running = false;
    });
}

/** For tests and diagnostics: how many hosts are cached, and whether a warm-up has filled it. */
export function hostCacheState(): { size: number; warmed: boolean; listening: boolean } {
  return { size: cache.size, warmed: warm.freshUntil > 0, listening: listening() };
}

async function warmCache(gen: number): Promise<void> {
  const rows = await tenantsQuery()
    .limit(MAX_ENTRIES / 2 + 1)
    .execute();
  if (rows.length > MAX_ENTRIES / 2) {
    warm.tooMany = true;
    return;
  }
  if (gen !== generation || !listening()) return; // a change arrived meanwhile: the next request warms again
  const expires = NativeDate.now() + POSITIVE_TTL_MS;
  for (const row of rows) cache.set(row.domain, { tenant: toTenant(row), expires });
  // Refresh before these expire (entries looked up one by one may be older; they expire on their own).
  warm.freshUntil = expires - POSITIVE_TTL_MS / 2;
}

/** Expired tenants (paid_until in the past, a trial's end included) are read-only. */
export function isReadOnly(t: Pick<ResolvedTenant, 'paidUntil' | 'onTrial'>, today = new Date().toISOString().slice(0, 10)): boolean {
  // A trial ends on its paid-until date like a subscription (issue 24, item 15).
  return t.paidUntil !== null && t.paidUntil < today;
}

/** The active tenant of a tenant host, or a UserError (404 unknown, 403 suspended) for the API. */
export async function activeTenantForHost(host: string): Promise<ResolvedTenant> {
  const tenant = await resolveTenant(host);
  if (!tenant) throw new UserError('No organisation lives at this address.', 404);
  if (tenant.status === 'suspended') throw new UserError('This organisation is suspended.', 403);
  return tenant;
}
