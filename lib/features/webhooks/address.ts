// Where a webhook may be sent (issue 25, part 4; SECURITY.md "Webhooks and SSRF"). An endpoint's
// host is resolved once per attempt; every address it names is checked, and the connection goes to
// the address that was checked (the http agent's `lookup` answers it, so a second DNS answer cannot
// swap in an internal address between the check and the connect). Private, loopback, link-local,
// unique-local, shared (CGNAT), multicast, reserved and documentation ranges are refused, IPv4 and
// IPv6, including IPv4-mapped, NAT64 and 6to4 forms of a refused IPv4 address. The test/dev
// allowance (QUORUM_WEBHOOKS_ALLOW_PRIVATE=1) is refused in production by the production check.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/** IPv4 ranges no webhook may reach: [first address, prefix length]. */
const V4_BLOCKED: [string, number][] = [
  ['0.0.0.0', 8], // "this" network
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // shared address space (CGNAT)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata: 169.254.169.254)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and 255.255.255.255
];

function v4ToInt(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

function v4Blocked(ip: string): boolean {
  const n = v4ToInt(ip);
  return V4_BLOCKED.some(([base, bits]) => {
    const size = 2 ** (32 - bits);
    const start = v4ToInt(base);
    return n >= start && n < start + size;
  });
}

/** The 16 bytes of an IPv6 address (with or without an embedded dotted IPv4 tail, or a zone). */
function v6Bytes(ip: string): number[] {
  let s = ip.toLowerCase().split('%')[0]!;
  const dotted = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (dotted) {
    const n = v4ToInt(dotted[2]!);
    s = `${dotted[1]}${((n >>> 16) & 0xffff).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, rest] = s.includes('::') ? s.split('::') : [s, undefined];
  const h = head ? head.split(':') : [];
  const r = rest ? rest.split(':') : [];
  const groups = rest === undefined ? h : [...h, ...Array<string>(8 - h.length - r.length).fill('0'), ...r];
  return groups.flatMap((g) => {
    const w = parseInt(g || '0', 16);
    return [(w >> 8) & 0xff, w & 0xff];
  });
}

const v4Of = (b: number[], at: number) => `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;

function v6Blocked(ip: string): boolean {
  const b = v6Bytes(ip);
  const zeroUpTo = (n: number) => b.slice(0, n).every((x) => x === 0);
  if (zeroUpTo(15) && (b[15] === 0 || b[15] === 1)) return true; // :: and ::1
  if (zeroUpTo(10) && b[10] === 0xff && b[11] === 0xff) return v4Blocked(v4Of(b, 12)); // ::ffff:a.b.c.d (IPv4-mapped)
  if (zeroUpTo(12)) return true; // ::a.b.c.d (IPv4-compatible, deprecated)
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b)
    return b.slice(4, 12).some((x) => x !== 0) || v4Blocked(v4Of(b, 12)); // 64:ff9b::/96 (NAT64), 64:ff9b:1::/48
  if (b[0] === 0x20 && b[1] === 0x02) return v4Blocked(v4Of(b, 2)); // 2002::/16 (6to4): the IPv4 address inside
  if (b[0] === 0x20 && b[1] === 0x01 && b[2] === 0x0d && b[3] === 0xb8) return true; // 2001:db8::/32 documentation
  if (b[0] === 0x20 && b[1] === 0x01 && b[2] === 0x00 && b[3] === 0x00) return true; // 2001::/32 Teredo
  if (b[0] === 0x01 && b[1] === 0x00 && b.slice(2, 8).every((x) => x === 0)) return true; // 100::/64 discard
  if ((b[0] & 0xfe) === 0xfc) return true; // fc00::/7 unique-local
  if (b[0] === 0xfe && (b[1] & 0xc0) === 0x80) return true; // fe80::/10 link-local
  if (b[0] === 0xfe && (b[1] & 0xc0) === 0xc0) return true; // fec0::/10 site-local (deprecated)
  if (b[0] === 0xff) return true; // multicast
  return false;
}

/** Whether a webhook may be sent to this IP address (anything that is not an IP address is refused). */
export function isPublicAddress(ip: string): boolean {
  const family = isIP(ip);
  if (family === 4) return !v4Blocked(ip);
  if (family === 6) return !v6Blocked(ip);
  return false;
}

export class ForbiddenAddressError extends Error {}

export interface CheckedTarget {
  address: string;
  family: 4 | 6;
}

/**
 * The address to connect to for `hostname`: an IP literal as it is, else the first address DNS
 * gives. Every address must be public unless `allowPrivate`; otherwise ForbiddenAddressError.
 */
export async function resolveTarget(hostname: string, allowPrivate: boolean): Promise<CheckedTarget> {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  const literal = isIP(bare);
  const addresses = literal ? [{ address: bare, family: literal }] : await lookup(bare, { all: true, verbatim: true });
  if (addresses.length === 0) throw new Error(`${hostname} has no address`);
  if (!allowPrivate) {
    const refused = addresses.find((a) => !isPublicAddress(a.address));
    if (refused) throw new ForbiddenAddressError(`${hostname} resolves to ${refused.address}, a private or reserved address: not allowed`);
  }
  const first = addresses[0]!;
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}
