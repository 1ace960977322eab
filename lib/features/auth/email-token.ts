import { randomBytes } from 'node:crypto';
import { hashToken } from './api-tokens';

/** A single-use token for an emailed link: 256 random bits; only its SHA-256 is stored. */
export function newEmailToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

/** The stored form of a token from a link, or null when it cannot be one of ours. */
export function emailTokenHash(token: unknown): string | null {
  return typeof token === 'string' && /^[A-Za-z0-9_-]{43}$/.test(token) ? hashToken(token) : null;
}
