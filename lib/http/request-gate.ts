// The load refusals of the production server (server.ts), issue 21:
// - 429: per-tenant request rate limits, token buckets per tenant and per client address within
//   a tenant, counted in this process (no database round trip), before Next or the lean path
//   spends anything on the request;
// - 503: a page whose tenant work was refused by the fair share (lib/tenancy/fair-share.ts) or
//   ran into its statement timeout gets a 503 page instead of Next's error page.
// Both answer with Retry-After and a sentence: JSON {error} for the API (and any client that does
// not ask for HTML), a small HTML page for browsers.
import { rateLimitEnv } from '@/lib/config/env';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { classifyHost } from '@/lib/tenancy/host';
import { rootDomain } from '@/lib/tenancy/routing';
import {
  busyRefusal,
  cachedTenant,
  doorSlot,
  heldForRequest,
  countRequest,
  countThrottled,
  resolveTenant,
  runInRefusalScope,
  usageEnabled,
  type RefusalScope,
  type ResolvedTenant,
} from '@/lib/tenancy';
import { tryAgainIn } from '@/lib/infra/format';

// ---------------------------------------------------------------- rate limits

export interface RateSettings {
  /** Requests per second for one tenant, over all server processes (0 = no limit). */
  tenant: number;
  /** Requests per second for one client address within one tenant, over all processes (0 = no limit). */
  address: number;
  /** Seconds of rate a bucket holds (the burst a quiet client may send at once). */
  burstSeconds: number;
  /** Server processes sharing the limits (each enforces 1/processes of them). */
  processes: number;
}

function envRate(name: keyof ReturnType<typeof rateLimitEnv>): number {
  const raw = rateLimitEnv()[name]?.trim();
  if (!raw) return 0;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a number of requests per second ≥ 0 (got ${JSON.stringify(raw)}).`);
  return n;
}

/** The defaults (QUORUM_RATE_LIMIT, QUORUM_RATE_LIMIT_PER_ADDRESS: requests/s, unset or 0 = none). */
export function rateSettings(processes: number): RateSettings {
  const burst = envRate('QUORUM_RATE_BURST_SECONDS');
  return {
    tenant: envRate('QUORUM_RATE_LIMIT'),
    address: envRate('QUORUM_RATE_LIMIT_PER_ADDRESS'),
    burstSeconds: burst > 0 ? burst : 2,
    processes: Math.max(1, processes),
  };
}

interface Bucket {
  tokens: number;
  at: number;
}

const MAX_BUCKETS = 100_000;

/**
 * Token buckets. `take` refills a bucket by elapsed time × rate (capped at rate × burst seconds)
 * and takes one token; when none is left it answers the seconds until one is there.
 */
export class TokenBuckets {
  private buckets = new Map<string, Bucket>();
  constructor(private readonly now: () => number = () => performance.now()) {}

  /** 0 when admitted, else the wait in seconds (> 0) until a token is back. */
  take(key: string, ratePerSecond: number, burstSeconds: number): number {
    const now = this.now();
    const cap = Math.max(1, ratePerSecond * burstSeconds);
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size >= MAX_BUCKETS) this.sweep(now, burstSeconds);
      b = { tokens: cap, at: now };
      this.buckets.set(key, b);
    } else {
      b.tokens = Math.min(cap, b.tokens + ((now - b.at) / 1000) * ratePerSecond);
      b.at = now;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return (1 - b.tokens) / ratePerSecond;
  }

  /** Forgets buckets idle long enough to be full again (they would start full anyway). */
  private sweep(now: number, burstSeconds: number): void {
    for (const [k, b] of this.buckets) if (now - b.at > burstSeconds * 1000) this.buckets.delete(k);
    if (this.buckets.size >= MAX_BUCKETS) this.buckets.clear();
  }

  get size(): number {
    return this.buckets.size;
  }
}

export interface RateVerdict {
  retryAfterSeconds: number;
  message: string;
}

/**
 * The 429 verdict for one request of `tenant` from `address` (null: admitted). The tenant's own
 * settings (tenants.rate_limit, rate_limit_per_address) override the defaults; 0 = no limit.
 * Each process enforces its 1/processes share, so all processes together admit at most the limit.
 */
export function checkRate(
  buckets: TokenBuckets,
  settings: RateSettings,
  tenant: Pick<ResolvedTenant, 'id' | 'rateLimit' | 'rateLimitPerAddress'>,
  address: string | null,
): RateVerdict | null {
  const perTenant = tenant.rateLimit ?? settings.tenant;
  const perAddress = tenant.rateLimitPerAddress ?? settings.address;
  if (perAddress > 0 && address) {
    const wait = buckets.take(`${tenant.id}|${address}`, perAddress / settings.processes, settings.burstSeconds);
    if (wait > 0) return verdict(wait, 'You are sending this organisation more requests than it allows from one address');
  }
  if (perTenant > 0) {
    const wait = buckets.take(`${tenant.id}`, perTenant / settings.processes, settings.burstSeconds);
    if (wait > 0) return verdict(wait, 'This organisation is receiving more requests than its limit');
  }
  return null;
}

function verdict(waitSeconds: number, what: string): RateVerdict {
  const s = Math.max(1, Math.ceil(waitSeconds));
  return { retryAfterSeconds: s, message: `${what}; ${tryAgainIn(s)}.` };
}

// ---------------------------------------------------------------- answers

/** API paths and clients that do not ask for HTML get JSON; browsers get a page. */
export function wantsJson(req: IncomingMessage): boolean {
  const path = req.url ?? '/';
  if (path === '/api' || path.startsWith('/api/') || path.startsWith('/api?')) return true;
  return !(req.headers.accept ?? '').includes('text/html');
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function refusalPage(status: 429 | 503, sentence: string): string {
  const title = status === 429 ? 'Too many requests' : 'Busy right now';
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title><style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#0f172a}h1{font-size:1.5rem}</style></head><body><main><h1>${title}</h1><p role="alert">${escapeHtml(sentence)}</p><p><a href="">Try again</a></p></main></body></html>`;
}

const SECURITY_HEADERS: [string, string][] = [
  ['x-content-type-options', 'nosniff'],
  ['x-frame-options', 'DENY'],
  ['content-security-policy', "frame-ancestors 'none'; base-uri 'self'; object-src 'none'"],
  ['referrer-policy', 'strict-origin-when-cross-origin'],
  ['cache-control', 'no-store'],
];

/** Writes a 429/503 refusal with Retry-After and the sentence (JSON or HTML, as the client wants). */
export function sendRefusal(
  req: IncomingMessage,
  end: (status: number, headers: Record<string, string | number>, body: string) => void,
  status: 429 | 503,
  retryAfterSeconds: number,
  sentence: string,
): void {
  const json = wantsJson(req);
  const body = json ? JSON.stringify({ error: sentence }) : refusalPage(status, sentence);
  const headers: Record<string, string | number> = Object.fromEntries(SECURITY_HEADERS);
  headers['retry-after'] = String(retryAfterSeconds);
  headers['content-type'] = json ? 'application/json' : 'text/html; charset=utf-8';
  headers['content-length'] = Buffer.byteLength(body);
  end(status, headers, body);
}

/** sendRefusal straight onto a response nobody has written to yet. */
function refuse(req: IncomingMessage, res: ServerResponse, status: 429 | 503, r: RateVerdict): void {
  sendRefusal(req, (s, headers, body) => res.writeHead(s, headers).end(body), status, r.retryAfterSeconds, r.message);
}

// ---------------------------------------------------------------- the gate

export interface RequestGate {
  /**
   * Takes the request and returns true when it must not go on now: answered 429 (its tenant or
   * client is over its rate), or waiting at the door for its tenant's fair share (see
   * lib/tenancy/fair-share.ts waitsAtTheDoor), after which it goes on through `proceed`, holding
   * its slot until answered, or is answered 503. False: the caller goes on with it at once.
   */
  enter(req: IncomingMessage, res: ServerResponse, address: string | null): boolean;
  /** Runs Next's handling of a request so that a page refused by the fair share becomes a 503 page. */
  guarded<T>(req: IncomingMessage, res: ServerResponse, fn: () => T): T;
}

/** What the server does with a request once the gate lets it in. */
export type Proceed = (req: IncomingMessage, res: ServerResponse, address: string | null) => void;

export function requestGate(processes: number, proceed: Proceed): RequestGate {
  const settings = rateSettings(processes);
  const buckets = new TokenBuckets();
  const anyDefault = settings.tenant > 0 || settings.address > 0;
  return {
    enter(req, res, address) {
      const host = classifyHost(req.headers.host, rootDomain());
      if (host.kind !== 'tenant') return false;
      // The host cache only: no query here. A host not cached yet is looked up in the background
      // (the request itself does that anyway) and counted from its next request on.
      const tenant = cachedTenant(host.host);
      if (tenant === undefined) {
        // Usage (lib/tenancy/usage.ts) counts this request once the lookup is back.
        if (anyDefault || usageEnabled())
          void resolveTenant(host.host).then(
            (t) => t && countRequest(t.schema),
            () => undefined,
          );
        return false;
      }
      if (!tenant) return false;
      countRequest(tenant.schema);
      if (anyDefault || tenant.rateLimit !== null || tenant.rateLimitPerAddress !== null) {
        const v = checkRate(buckets, settings, tenant, address);
        if (v) {
          countThrottled(tenant.schema);
          refuse(req, res, 429, v);
          return true;
        }
      }
      // Next's build assets use no database: never held.
      const slot = req.url?.startsWith('/_next/') ? null : doorSlot(tenant);
      if (!slot) return false;
      waitAtTheDoor(req, res, address, tenant, slot, proceed);
      return true;
    },
    guarded(req, res, fn) {
      // Server actions answer their own failures as form state (lib/actions/failure.ts).
      if (req.headers['next-action']) return fn();
      const scope: RefusalScope = { refused: null };
      guardResponse(req, res, scope);
      return runInRefusalScope(scope, fn);
    },
  };
}

/**
 * A request of a tenant over its fair share, while others are served: it waits here, before the
 * API or Next has spent anything on it, for its tenant's slot, round-robin with the tenant's other
 * work (lib/tenancy/fair-share.ts). Then it goes on holding the slot (its transactions take none of
 * their own) until its answer is done or its client gone; or, when the wait runs out, it is answered
 * 503 with Retry-After and the fair share's sentence, as a refusal deeper in would be. The slot is
 * paced (lib/tenancy/fair-share.ts atTheDoor): given back a while after the answer.
 */
function waitAtTheDoor(
  req: IncomingMessage,
  res: ServerResponse,
  address: string | null,
  tenant: ResolvedTenant,
  slot: Promise<() => void>,
  proceed: Proceed,
): void {
  let gone = false;
  const onGone = () => {
    gone = true;
  };
  res.once('close', onGone);
  slot.then(
    (release) => {
      res.off('close', onGone);
      if (gone) return release();
      res.once('close', release);
      heldForRequest(tenant, () => proceed(req, res, address));
    },
    (err: unknown) => {
      res.off('close', onGone);
      if (gone || res.headersSent) return;
      refuse(
        req,
        res,
        503,
        busyRefusal(err) ?? { retryAfterSeconds: 1, message: `This organisation is busy right now; ${tryAgainIn(1)}.` },
      );
    },
  );
}

/**
 * Replaces Next's response by a 503 refusal when the request's tenant work was refused before
 * the response's head went out: for API paths when Next answered ≥ 500 (an error escaped; the
 * routes' own 503s stay), for pages whatever Next rendered (the error page, or a page with a hole).
 */
function guardResponse(req: IncomingMessage, res: ServerResponse, scope: RefusalScope): void {
  const api = wantsJson(req) && (req.url ?? '').startsWith('/api');
  const orig = { writeHead: res.writeHead, write: res.write, end: res.end };
  let decided = false;
  let replaced = false;
  const decide = (status: number) => {
    if (decided) return;
    decided = true;
    const r = scope.refused;
    if (!r || res.headersSent) return;
    if (api ? status < 500 || status === 503 : status >= 300 && status < 400) return;
    replaced = true;
    for (const name of res.getHeaderNames()) res.removeHeader(name);
    sendRefusal(
      req,
      (s, headers, body) => {
        (orig.writeHead as (...a: unknown[]) => ServerResponse).call(res, s, headers);
        (orig.end as (...a: unknown[]) => ServerResponse).call(res, body);
      },
      503,
      r.retryAfterSeconds,
      r.message,
    );
  };
  res.writeHead = function (this: ServerResponse, status: number, ...rest: unknown[]) {
    decide(status);
    if (replaced) return this;
    return (orig.writeHead as (...a: unknown[]) => ServerResponse).call(this, status, ...rest);
  } as typeof res.writeHead;
  res.write = function (this: ServerResponse, ...args: unknown[]) {
    decide(this.statusCode);
    if (replaced) return true;
    return (orig.write as (...a: unknown[]) => boolean).apply(this, args);
  } as typeof res.write;
  res.end = function (this: ServerResponse, ...args: unknown[]) {
    decide(this.statusCode);
    if (replaced) {
      const cb = args.find((a) => typeof a === 'function') as (() => void) | undefined;
      cb?.();
      return this;
    }
    return (orig.end as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as typeof res.end;
}
