import { describe, expect, it } from 'vitest';
import { ForbiddenAddressError, isPublicAddress, resolveTarget } from './address';

describe('webhook address check (SSRF)', () => {
  it.each([
    '127.0.0.1',
    '127.255.0.9',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    'fe80::1',
    'fe80::1%eth0',
    'fc00::1',
    'fd12:3456:789a::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '::ffff:169.254.169.254',
    '::ffff:a9fe:a9fe',
    '0:0:0:0:0:ffff:c0a8:0101',
    '64:ff9b::a9fe:a9fe',
    '2002:7f00:1::',
    '2001:db8::1',
    'not-an-ip',
  ])('refuses %s', (ip) => {
    expect(isPublicAddress(ip)).toBe(false);
  });

  it.each([
    '93.184.216.34',
    '8.8.8.8',
    '172.32.0.1',
    '192.169.0.1',
    '2606:4700::1111',
    '2a00:1450:4001:80b::200e',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
  ])('allows %s', (ip) => {
    expect(isPublicAddress(ip)).toBe(true);
  });

  it('refuses a name or literal that reaches loopback, unless allowed', async () => {
    await expect(resolveTarget('localhost', false)).rejects.toBeInstanceOf(ForbiddenAddressError);
    await expect(resolveTarget('127.0.0.1', false)).rejects.toBeInstanceOf(ForbiddenAddressError);
    await expect(resolveTarget('[::1]', false)).rejects.toBeInstanceOf(ForbiddenAddressError);
    await expect(resolveTarget('[::ffff:127.0.0.1]', false)).rejects.toBeInstanceOf(ForbiddenAddressError);
    expect(await resolveTarget('127.0.0.1', true)).toEqual({ address: '127.0.0.1', family: 4 });
    expect(await resolveTarget('[::1]', true)).toEqual({ address: '::1', family: 6 });
  });
});
