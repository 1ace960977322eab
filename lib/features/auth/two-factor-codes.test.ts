import { generate } from 'otplib';
import { afterEach, describe, expect, it } from 'vitest';
import {
  hashRecoveryCode,
  isRecoveryShaped,
  newRecoveryCodes,
  newTotpSecret,
  normaliseCode,
  openSecret,
  sealSecret,
  totpStep,
} from './two-factor-codes';

const saved = { AUTH_SECRET: process.env.AUTH_SECRET, QUORUM_SECRET_KEY: process.env.QUORUM_SECRET_KEY };
afterEach(() => Object.assign(process.env, saved));

describe('TOTP codes (RFC 6238)', () => {
  it('accepts the previous, current and next 30-second step, not two away, and never a step at or before the last used', async () => {
    const secret = newTotpSecret();
    const now = Math.floor(Date.now() / 1000);
    const step = Math.floor(now / 30);
    const at = (offset: number) => generate({ secret, epoch: now + offset * 30 });
    expect(await totpStep(secret, await at(0), null)).toBe(step);
    expect(await totpStep(secret, await at(-1), null)).toBe(step - 1);
    expect(await totpStep(secret, await at(1), null)).toBe(step + 1);
    const far = await at(-3);
    if (![await at(-1), await at(0), await at(1)].includes(far)) expect(await totpStep(secret, far, null)).toBeNull();
    expect(await totpStep(secret, await at(0), step)).toBeNull(); // reuse
    expect(await totpStep(secret, await at(-1), step)).toBeNull(); // older than the last used
    expect(await totpStep(secret, await at(1), step)).toBe(step + 1);
    expect(await totpStep(secret, 'abcdef', null)).toBeNull();
  });
});

describe('secrets at rest', () => {
  it('are AES-GCM sealed with the configured key and unreadable with another', () => {
    process.env.QUORUM_SECRET_KEY = 'k'.repeat(40);
    const sealed = sealSecret('JBSWY3DPEHPK3PXP');
    expect(sealed).toMatch(/^v1:/);
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(openSecret(sealed)).toBe('JBSWY3DPEHPK3PXP');
    process.env.QUORUM_SECRET_KEY = 'x'.repeat(40);
    expect(openSecret(sealed)).toBeNull();
  });

  it('are stored plainly (marked so) when no key at all is configured', () => {
    delete process.env.QUORUM_SECRET_KEY;
    delete process.env.AUTH_SECRET;
    const prevNext = process.env.NEXTAUTH_SECRET;
    delete process.env.NEXTAUTH_SECRET;
    try {
      expect(sealSecret('ABC')).toBe('plain:ABC');
      expect(openSecret('plain:ABC')).toBe('ABC');
    } finally {
      if (prevNext !== undefined) process.env.NEXTAUTH_SECRET = prevNext;
    }
  });
});

describe('recovery codes', () => {
  it('are ten distinct 80-bit codes whose hashes match their normalised form', () => {
    const { codes, hashes } = newRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    for (const [i, c] of codes.entries()) {
      expect(c).toMatch(/^[a-z2-7]{4}(-[a-z2-7]{4}){3}$/);
      expect(isRecoveryShaped(normaliseCode(` ${c.toUpperCase()} `))).toBe(true);
      expect(hashRecoveryCode(normaliseCode(c.toUpperCase()))).toBe(hashes[i]);
    }
  });
});
