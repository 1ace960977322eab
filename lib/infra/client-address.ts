// The client's address, for the login limits and the logs. It comes from the TCP peer (the
// socket), never from a header a client can write, unless the peer is a proxy the operator trusts
// (TRUST_PROXY); then the right-most X-Forwarded-For hop that is not a trusted proxy is the client.
// X-Real-IP and Forwarded are never read: one header, one convention (Express' `trust proxy`).
//
// Node-only and pure apart from the process marker below; server.ts computes the address once per
// request and hands it to Next in CLIENT_ADDRESS_HEADER, overwriting any client copy.
import { isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';

/** Set by server.ts on every request (a client-sent copy is overwritten before Next sees it). */
export const CLIENT_ADDRESS_HEADER = 'x-quorum-client-address';

/** Decides whether the hop at `index` (0 = the socket peer) is a proxy we trust to tell the truth. */
export type TrustProxy = (address: string, index: number) => boolean;

const trustNothing: TrustProxy = () => false;

/**
 * Parses TRUST_PROXY like Express' `trust proxy` setting:
 *   ''/unset/'false' → trust nothing (the socket address is the client);
 *   'true'           → trust every hop (the left-most X-Forwarded-For entry: only behind a proxy that overwrites it);
 *   'N' (integer)    → trust the N nearest hops (the socket peer is hop 0);
 *   otherwise        → comma list of addresses, CIDRs and the names loopback, linklocal, uniquelocal.
 * Throws a sentence on a malformed list, so a typo stops the server instead of trusting nothing silently.
 */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const v = (value ?? '').trim();
  if (v === '' || v === 'false') return trustNothing;
  if (v === 'true') return () => true;
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    return (_address, index) => index < hops;
  }
  const entries = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  try {
    return proxyaddr.compile(entries);
  } catch (err) {
    throw new Error(`TRUST_PROXY is not a hop count or a list of addresses/CIDRs: ${(err as Error).message}`);
  }
}

/**
 * Canonical text of an IP address, or null if it is not one: IPv4-mapped IPv6 (::ffff:1.2.3.4)
 * becomes 1.2.3.4, IPv6 is lower-case and compressed, a zone index (%eth0) is dropped. One client
 * must always count under one spelling.
 */
export function normalizeAddress(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let a = raw.trim();
  const zone = a.indexOf('%');
  if (zone > 0) a = a.slice(0, zone);
  const kind = isIP(a);
  if (kind === 4) return a; // node:net refuses leading zeros, so this spelling is already the only one
  if (kind !== 6) return null;
  // The WHATWG URL parser serialises IPv6 in RFC 5952 form.
  const canonical = new URL(`http://[${a}]/`).hostname.slice(1, -1);
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(canonical);
  if (mapped) {
    const hi = parseInt(mapped[1], 16);
    const lo = parseInt(mapped[2], 16);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return canonical;
}

/**
 * The client of one request: the right-most address in [socket peer, ...X-Forwarded-For reversed]
 * that is not a trusted proxy. With nothing trusted that is the socket peer, whatever the headers say.
 * A hop that is not an IP address (a trusted proxy relayed junk) falls back to the nearest valid one.
 */
export function clientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trust: TrustProxy,
): string | null {
  if (trust === trustNothing || !forwardedFor) return normalizeAddress(socketAddress);
  const xff = Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor;
  const req = { headers: { 'x-forwarded-for': xff }, socket: { remoteAddress: socketAddress } } as unknown as IncomingMessage;
  const chain = proxyaddr.all(req, trust);
  for (let i = chain.length - 1; i >= 0; i--) {
    const address = normalizeAddress(chain[i]);
    if (address) return address;
  }
  return null;
}

const PEER = Symbol('quorum.peerAddress');

/**
 * clientAddress for a request on `socket`, with the socket peer's address normalised once per
 * connection (read from the socket and normalised on every request of a keep-alive connection, it
 * was 2 % of an API read's CPU).
 */
export function socketClientAddress(
  socket: { remoteAddress?: string },
  forwardedFor: string | string[] | undefined,
  trust: TrustProxy,
): string | null {
  if (trust !== trustNothing && forwardedFor) return clientAddress(socket.remoteAddress, forwardedFor, trust);
  const s = socket as { remoteAddress?: string; [PEER]?: string };
  let peer = s[PEER];
  if (peer === undefined) {
    const a = normalizeAddress(s.remoteAddress);
    // A socket that is already closed has no address: nothing is kept, the next request asks again.
    if (a === null) return null;
    peer = s[PEER] = a;
  }
  return peer;
}

/**
 * The key a client is counted under: its address for IPv4, its /64 for IPv6 (one subscriber gets
 * a whole /64, so counting single IPv6 addresses would let one machine rotate past any limit).
 */
export function addressBucket(address: string): string {
  if (isIP(address) !== 6) return address;
  const [head, tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).join(':')}::/64`;
}

// server.ts marks its process: only then is CLIENT_ADDRESS_HEADER known to be the server's and
// not a client's (a bare `next start` would pass a client's copy through).
const MARKER = Symbol.for('quorum.clientAddressHeader');
type Marked = { [MARKER]?: boolean };

export function markClientAddressHeaderTrusted(): void {
  (globalThis as Marked)[MARKER] = true;
}

/** The client address server.ts determined for this request; null when not started through server.ts. */
export function requestClientAddress(headers: Headers | Record<string, string | string[] | undefined> | undefined): string | null {
  if (!(globalThis as Marked)[MARKER] || !headers) return null;
  const v = headers instanceof Headers ? headers.get(CLIENT_ADDRESS_HEADER) : headers[CLIENT_ADDRESS_HEADER];
  return normalizeAddress(Array.isArray(v) ? v[0] : v);
}
