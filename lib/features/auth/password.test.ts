import { describe, expect, it } from 'vitest';
import { dummyHash, hashPassword, verifyPassword } from './password';

describe('password hashing (scrypt)', () => {
  it('stores scrypt$N$r$p$salt$hash with a fresh salt, and verifies only the right password', async () => {
    const [h1, h2] = await Promise.all([hashPassword('correct horse'), hashPassword('correct horse')]);
    expect(h1).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(h1).not.toBe(h2); // salted
    expect(h1).not.toContain('correct horse');
    expect(await verifyPassword('correct horse', h1)).toBe(true);
    expect(await verifyPassword('correct horse', h2)).toBe(true);
    expect(await verifyPassword('correct horsE', h1)).toBe(false);
    expect(await verifyPassword('', h1)).toBe(false);
    expect(await verifyPassword('correct horse ', h1)).toBe(false);
  });

  it('refuses malformed or foreign stored hashes instead of throwing', async () => {
    for (const stored of ['', 'plain-text-password', 'bcrypt$2b$10$abc', 'scrypt$16384$8$1$salt', '$2b$10$N9qo8uLOickgx2ZMRZoMye']) {
      expect(await verifyPassword('anything', stored), stored).toBe(false);
    }
  });

  it('has a dummy hash for unknown accounts that matches nothing', async () => {
    const d = await dummyHash();
    expect(d).toBe(await dummyHash()); // computed once
    expect(await verifyPassword('', d)).toBe(false);
    expect(await verifyPassword('password', d)).toBe(false);
  });
});
