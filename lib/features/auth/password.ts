import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

// scrypt (memory-hard KDF from node:crypto). Format: scrypt$N$r$p$salt$hash (base64url).
const N = 16384;
const R = 8;
const P = 1;
const KEYLEN = 32;

function scrypt(password: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCb(password, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))));
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEYLEN, { N, r: R, p: P, maxmem: 64 * 1024 * 1024 });
  return ['scrypt', N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [n, r, p] = parts.slice(1, 4).map(Number);
  const salt = Buffer.from(parts[4], 'base64url');
  const expected = Buffer.from(parts[5], 'base64url');
  const key = await scrypt(password, salt, expected.length, { N: n, r, p, maxmem: 64 * 1024 * 1024 });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

// A fixed hash to verify against when the account does not exist, so timing does not reveal it.
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  return (dummy ??= hashPassword(randomBytes(16).toString('hex')));
}

// Password strength (issue 24): zxcvbn-ts with its common-password, name and keyboard lists.
// Score 0-4; below 3 is refused. The factory loads its dictionaries once, on first use.

export const MIN_PASSWORD_SCORE = 3;
let strength: ZxcvbnFactory | undefined;

/**
 * Null when `password` is strong enough to set, else the sentence to show beside the field.
 * `related` are words of the form (email, organisation name) a password must not lean on.
 */
export function weakPasswordReason(password: string, related: string[] = []): string | null {
  strength ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  // zxcvbn's cost grows with the length; 200 characters (the maximum) is still a few ms.
  const r = strength.check(password, related.filter(Boolean));
  if (r.score >= MIN_PASSWORD_SCORE) return null;
  const why =
    r.feedback.warning === 'topTen' ||
    r.feedback.warning === 'topHundred' ||
    r.feedback.warning === 'common' ||
    r.feedback.warning === 'similarToCommon'
      ? 'it is one of the most common passwords'
      : r.feedback.warning === 'simpleRepeat' || r.feedback.warning === 'extendedRepeat' || r.feedback.warning === 'repeated'
        ? 'it repeats the same characters'
        : r.feedback.warning === 'sequences' || r.feedback.warning === 'straightRow' || r.feedback.warning === 'keyPattern'
          ? 'it is a sequence or a keyboard pattern'
          : 'it is too easy to guess';
  return `This password is too weak: ${why}. Use a longer one, for example three or four unrelated words.`;
}
