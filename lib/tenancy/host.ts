// Host parsing for middleware (edge) and server code: pure, no node: imports, no Buffer.
import { rootDomain } from './routing';

export type HostClass = { kind: 'root' } | { kind: 'tenant'; host: string; subdomain: string | null } | { kind: 'invalid' };

type Parsed = { ok: true; host: string; port: number | null } | { ok: false; error: string };

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
// ASCII characters outside [a-z0-9.-]; checked before URL parsing, which would percent-decode.
const BAD_ASCII = /[\x00-\x2c\x2f\x3a-\x60\x7b-\x7f]/;

/** Quote user input for an error message: control characters escaped, long input cut. */
function show(s: string): string {
  const cut = s.length > 40 ? `${s.slice(0, 40)}…` : s;
  const safe = cut.replace(/[\x00-\x1f\x7f-\x9f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `'${safe}'`;
}

function labelError(label: string, what: string): string | null {
  if (label === '') return `${what} may not contain empty labels (leading dot or '..').`;
  if (label.length > 63) return `${what} label ${show(label)} is longer than 63 characters.`;
  if (!/^[a-z0-9-]+$/.test(label)) return `${what} label ${show(label)} may only contain letters, digits and hyphens.`;
  if (label.startsWith('-') || label.endsWith('-')) return `${what} label ${show(label)} may not start or end with a hyphen.`;
  return LABEL.test(label) ? null : `${what} label ${show(label)} is not valid.`;
}

function parseHost(raw: unknown, what: 'Host' | 'Domain', allowPort: boolean): Parsed {
  const fail = (error: string): Parsed => ({ ok: false, error });
  if (typeof raw !== 'string') return fail(`${what} is empty.`);
  let h = raw.trim().toLowerCase();
  if (h === '') return fail(`${what} is empty.`);
  if (h.includes('@')) return fail(`${what} may not contain a user name ('@').`);
  if (h.startsWith('[')) return fail(`${what} may not be an IPv6 address.`);
  let port: number | null = null;
  const colon = h.indexOf(':');
  if (colon !== -1) {
    if (!allowPort) return fail(`${what} may not include a port (${show(h.slice(colon))}).`);
    const p = h.slice(colon + 1);
    h = h.slice(0, colon);
    // One port only: 'a.com:80:80' fails the digit test.
    if (!/^[0-9]{1,5}$/.test(p) || Number(p) < 1 || Number(p) > 65535) {
      return fail(`Port ${show(p)} must be a number from 1 to 65535.`);
    }
    port = Number(p);
  }
  if (h.endsWith('.')) h = h.slice(0, -1); // one trailing dot is the FQDN form of the same host
  if (h === '') return fail(`${what} is empty.`);
  // Reject unsafe ASCII first (per label, for a useful message); non-ASCII goes to IDNA below.
  for (const label of h.split('.')) {
    if (label === '') return fail(`${what} may not contain empty labels (leading dot or '..').`);
    if (BAD_ASCII.test(label)) return fail(`${what} label ${show(label)} may only contain letters, digits and hyphens.`);
  }
  // WHATWG URL does IDNA → punycode and canonical IPv4 in edge and Node alike.
  let canonical: string;
  try {
    canonical = new URL(`http://${h}`).hostname;
  } catch {
    return fail(`${what} ${show(h)} is not a valid host name.`);
  }
  if (canonical.length > 253) return fail(`${what} is longer than 253 characters.`);
  for (const label of canonical.split('.')) {
    const error = labelError(label, what);
    if (error) return fail(error);
  }
  return { ok: true, host: canonical, port };
}

/** Canonical host without port (lowercase, punycode, no trailing dot), or null if malformed. */
export function normalizeHost(raw: string | null | undefined): string | null {
  const parsed = parseHost(raw, 'Host', true);
  return parsed.ok ? parsed.host : null;
}

// Every request classifies its Host (URL canonicalisation of it and of ROOT_DOMAIN): the answers
// for the hosts seen lately are kept, per root domain. Bounded: a flood of made-up hosts only
// empties it.
const MAX_CLASSIFIED = 2048;
let classifiedRoot: string | null = null;
const classified = new Map<string, Readonly<HostClass>>();

/** Root, tenant (with subdomain when `<label>.<root>`) or invalid; ports are ignored on both sides. */
export function classifyHost(raw: string | null | undefined, rootDomain: string): Readonly<HostClass> {
  if (rootDomain !== classifiedRoot) {
    classified.clear();
    classifiedRoot = rootDomain;
  }
  if (typeof raw !== 'string') return classifyNow(raw, rootDomain);
  let c = classified.get(raw);
  if (!c) {
    c = Object.freeze(classifyNow(raw, rootDomain));
    if (classified.size >= MAX_CLASSIFIED) classified.clear();
    classified.set(raw, c);
  }
  return c;
}

function classifyNow(raw: string | null | undefined, rootDomain: string): HostClass {
  const root = normalizeHost(rootDomain);
  // A bad ROOT_DOMAIN is a deployment error; fail loudly instead of treating every host as a tenant.
  if (root === null) throw new Error(`ROOT_DOMAIN ${JSON.stringify(rootDomain)} is not a valid host`);
  const host = normalizeHost(raw);
  if (host === null) return { kind: 'invalid' };
  if (host === root || host === `www.${root}`) return { kind: 'root' };
  const suffix = `.${root}`;
  if (host.endsWith(suffix)) {
    const sub = host.slice(0, -suffix.length);
    if (!sub.includes('.')) return { kind: 'tenant', host, subdomain: sub };
    // www.<sub>.<root> is the same tenant as <sub>.<root>.
    const rest = sub.startsWith('www.') ? sub.slice(4) : '';
    if (rest !== '' && rest !== 'www' && !rest.includes('.')) {
      return { kind: 'tenant', host: rest + suffix, subdomain: rest };
    }
  }
  // Anything else may be a custom domain; the Node side resolves it against public.domains.
  return { kind: 'tenant', host, subdomain: null };
}

/** Admin/CLI domain input: normalizeHost rules, no port, at least two labels, not an IP address. */
export function validateDomain(input: string): { ok: true; domain: string } | { ok: false; error: string } {
  const parsed = parseHost(input, 'Domain', false);
  if (!parsed.ok) return parsed;
  const labels = parsed.host.split('.');
  if (labels.length < 2) return { ok: false, error: "Domain needs at least two labels, like 'example.com' or 'acme.localhost'." };
  // URL canonicalisation turns every numeric-ending host into dotted IPv4 (or rejects it).
  if (/^[0-9]+$/.test(labels[labels.length - 1]!)) return { ok: false, error: 'Domain may not be an IP address.' };
  return { ok: true, domain: parsed.host };
}

/** The root host without its port (`localhost`, `example.com`): tenant subdomains are `<sub>.<this>`. */
export function rootHostname(): string {
  const host = normalizeHost(rootDomain());
  if (!host) throw new Error(`ROOT_DOMAIN ${JSON.stringify(rootDomain())} is not a valid host.`);
  return host;
}
