import { domainToUnicode } from 'node:url';

// What people paste into a "domain" field: often a whole address (https://polls.example.org/).
// The form takes just the host name; these helpers turn the common paste into it, and say plainly
// what is too long, before the strict check (validateDomain) gives its own sentence.

/** `https://Polls.Example.org/path?q` → `Polls.Example.org`; anything else is returned trimmed. */
export function domainFromInput(raw: string): string {
  let s = raw.trim();
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(s);
  if (scheme) s = s.slice(scheme[0].length);
  // A path, query or fragment after the host (only when a scheme or a slash shows it is an address).
  if (scheme || /^[^/?#\s]+[/?#]/.test(s)) s = s.replace(/[/?#].*$/s, '');
  return s;
}

/** A plain sentence when the name is too long (whole or one part), else null. */
export function domainLengthError(domain: string): string | null {
  if (domain.length > 253) return `That domain is ${domain.length} characters long; a domain can have at most 253.`;
  const long = domain.split('.').find((label) => label.length > 63);
  if (long) return `Each part of a domain between dots can have at most 63 characters; '${long.slice(0, 20)}…' has ${long.length}.`;
  return null;
}

/** The Unicode form of an internationalised (xn--) domain, or null when it reads the same. */
export function unicodeDomain(domain: string): string | null {
  if (!domain.split('.').some((l) => l.startsWith('xn--'))) return null;
  const u = domainToUnicode(domain);
  return u && u !== domain ? u : null;
}

/** `bücher.example (xn--bcher-kva.example)` for messages; the plain name otherwise. */
export function describeDomain(domain: string): string {
  const u = unicodeDomain(domain);
  return u ? `${u} (${domain})` : domain;
}
