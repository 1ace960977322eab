import { describe, expect, it } from 'vitest';
import { addressBucket, clientAddress, normalizeAddress, parseTrustProxy, socketClientAddress } from './client-address';

const none = parseTrustProxy(undefined);

describe('normalizeAddress', () => {
  it.each([
    ['192.0.2.7', '192.0.2.7'],
    ['::ffff:192.0.2.7', '192.0.2.7'],
    ['::FFFF:c000:0207', '192.0.2.7'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['2001:db8::1', '2001:db8::1'],
    ['fe80::1%eth0', 'fe80::1'],
    ['::1', '::1'],
    [' 198.51.100.1 ', '198.51.100.1'],
  ])('%s → %s', (raw, expected) => expect(normalizeAddress(raw)).toBe(expected));

  it.each(['', 'unknown', '192.0.2.256', '010.0.0.1', '1.2.3.4:80', '[::1]', 'evil, 1.2.3.4', '::ffff:999.1.1.1'])('rejects %j', (raw) =>
    expect(normalizeAddress(raw)).toBeNull(),
  );
});

describe('clientAddress without TRUST_PROXY', () => {
  it('is the socket peer, whatever X-Forwarded-For says', () => {
    expect(clientAddress('203.0.113.9', '10.9.0.1', none)).toBe('203.0.113.9');
    expect(clientAddress('203.0.113.9', ['10.9.0.1', '10.9.0.2'], none)).toBe('203.0.113.9');
    expect(clientAddress('::ffff:203.0.113.9', '10.9.0.1', none)).toBe('203.0.113.9');
    expect(clientAddress('2001:db8::9', '10.9.0.1', none)).toBe('2001:db8::9');
    for (const off of ['', 'false', '  ']) expect(clientAddress('203.0.113.9', '10.9.0.1', parseTrustProxy(off))).toBe('203.0.113.9');
  });

  it('is null without a socket address (a closed connection)', () => {
    expect(clientAddress(undefined, '10.9.0.1', none)).toBeNull();
  });
});

describe('clientAddress behind a trusted proxy', () => {
  it('a listed proxy: the right-most untrusted hop, never a client-written one further left', () => {
    const trust = parseTrustProxy('10.0.0.0/8, 192.168.1.10');
    expect(clientAddress('10.0.0.2', '203.0.113.9', trust)).toBe('203.0.113.9');
    // The client wrote "1.1.1.1" itself; the proxy appended the peer it saw.
    expect(clientAddress('10.0.0.2', '1.1.1.1, 203.0.113.9', trust)).toBe('203.0.113.9');
    // Two trusted proxies in a row.
    expect(clientAddress('10.0.0.2', '1.1.1.1, 203.0.113.9, 192.168.1.10', trust)).toBe('203.0.113.9');
    // Not through the proxy: the socket is the client, its header is ignored.
    expect(clientAddress('198.51.100.4', '10.0.0.3', trust)).toBe('198.51.100.4');
    // A trusted proxy without a header: the proxy itself.
    expect(clientAddress('10.0.0.2', undefined, trust)).toBe('10.0.0.2');
  });

  it('named ranges and IPv6 / IPv4-mapped peers', () => {
    const loopback = parseTrustProxy('loopback');
    expect(clientAddress('127.0.0.1', '1.1.1.1, 203.0.113.9', loopback)).toBe('203.0.113.9');
    expect(clientAddress('::1', '2001:db8::5', loopback)).toBe('2001:db8::5');
    expect(clientAddress('::ffff:127.0.0.1', '::ffff:203.0.113.9', loopback)).toBe('203.0.113.9');
    expect(clientAddress('::ffff:198.51.100.4', '203.0.113.9', loopback)).toBe('198.51.100.4');
  });

  it('a hop count: the n-th hop from the socket', () => {
    expect(clientAddress('10.0.0.2', '1.1.1.1, 203.0.113.9', parseTrustProxy('1'))).toBe('203.0.113.9');
    expect(clientAddress('10.0.0.2', '1.1.1.1, 203.0.113.9, 10.0.0.7', parseTrustProxy('2'))).toBe('203.0.113.9');
    expect(clientAddress('10.0.0.2', '203.0.113.9', parseTrustProxy('5'))).toBe('203.0.113.9');
  });

  it('junk relayed by a trusted proxy falls back to the nearest real address', () => {
    expect(clientAddress('10.0.0.2', 'unknown', parseTrustProxy('10.0.0.0/8'))).toBe('10.0.0.2');
    expect(clientAddress('10.0.0.2', '<script>', parseTrustProxy('1'))).toBe('10.0.0.2');
  });

  it('a malformed TRUST_PROXY stops the start with its reason', () => {
    expect(() => parseTrustProxy('10.0.0.0/33')).toThrow(/TRUST_PROXY/);
    expect(() => parseTrustProxy('proxy.example.com')).toThrow(/TRUST_PROXY/);
  });
});

describe('addressBucket', () => {
  it('IPv4 as is, IPv6 by its /64', () => {
    expect(addressBucket('192.0.2.7')).toBe('192.0.2.7');
    expect(addressBucket('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(addressBucket('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressBucket('::1')).toBe('0:0:0:0::/64');
  });
});

describe('socketClientAddress', () => {
  it('normalises the peer once per connection, and follows a trusted proxy per request', () => {
    let reads = 0;
    const socket = {
      get remoteAddress() {
        reads++;
        return '::ffff:10.0.0.7';
      },
    };
    expect(socketClientAddress(socket, '203.0.113.9', none)).toBe('10.0.0.7');
    expect(socketClientAddress(socket, undefined, none)).toBe('10.0.0.7');
    expect(reads).toBe(1);
    // Behind a trusted proxy the header decides, every request.
    expect(socketClientAddress(socket, '203.0.113.9', parseTrustProxy('10.0.0.0/8'))).toBe('203.0.113.9');
    expect(socketClientAddress(socket, '198.51.100.1', parseTrustProxy('10.0.0.0/8'))).toBe('198.51.100.1');
  });

  it('keeps nothing for a closed socket (no address)', () => {
    const socket: { remoteAddress?: string } = {};
    expect(socketClientAddress(socket, undefined, none)).toBeNull();
    socket.remoteAddress = '127.0.0.1';
    expect(socketClientAddress(socket, undefined, none)).toBe('127.0.0.1');
  });
});
