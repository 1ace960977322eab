// Two-factor codes (issue 23, part 1): TOTP (RFC 6238, 6 digits, 30-second steps) with otplib, the
// secret encrypted at rest, and one-time recovery codes. Pure functions over strings; the rows
// live in two-factor.ts.
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import { secretKeyMaterial } from '@/lib/config/env';

export const ISSUER = 'Quorum';
export const RECOVERY_CODE_COUNT = 10;
/** A code of the previous or the next 30-second step is accepted too (clock drift). */
const TOLERANCE_SECONDS = 30;

function key(): Buffer | null {
  const material = secretKeyMaterial();
  if (!material) return null;
  return Buffer.from(hkdfSync('sha256', material, 'quorum', 'quorum two-factor secrets v1', 32));
}

/** `v1:<iv>:<tag>:<ciphertext>` (AES-256-GCM) when a key is configured, else `plain:<secret>`. */
export function sealSecret(secret: string): string {
  const k = key();
  if (!k) return `plain:${secret}`;
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', k, iv);
  const ct = Buffer.concat([c.update(secret, 'utf8'), c.final()]);
  return ['v1', iv.toString('base64url'), c.getAuthTag().toString('base64url'), ct.toString('base64url')].join(':');
}

/** The secret of a sealed value, or null when it cannot be read (another key, damaged). */
export function openSecret(sealed: string): string | null {
  if (sealed.startsWith('plain:')) return sealed.slice(6);
  const [v, iv, tag, ct] = sealed.split(':');
  const k = key();
  if (v !== 'v1' || !k || !iv || !tag || !ct) return null;
  try {
    const d = createDecipheriv('aes-256-gcm', k, Buffer.from(iv, 'base64url'));
    d.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]).toString('utf8');
  } catch {
    return null;
  }
}

export function newTotpSecret(): string {
  return generateSecret(); // 20 random bytes, base32
}

/** The otpauth:// URI an authenticator app reads, and the same as a QR code (SVG data URL). */
export async function enrolmentArtwork(secret: string, account: string): Promise<{ uri: string; qr: string }> {
  const uri = generateURI({ issuer: ISSUER, label: account, secret });
  const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { uri, qr: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
}

/** Spaces and dashes removed, lower case. */
export function normaliseCode(raw: string): string {
  return raw.replace(/[\s-]/g, '').toLowerCase();
}

export const isTotpShaped = (code: string) => /^\d{6}$/.test(code);
/** Recovery codes: 16 characters of [a-z2-7] (80 random bits), shown as xxxx-xxxx-xxxx-xxxx. */
export const isRecoveryShaped = (code: string) => /^[a-z2-7]{16}$/.test(code);

/**
 * The time step a 6-digit code matches (now, one before or one after), or null; steps up to
 * `lastStep` are refused, so a code that was used once (or an older one) never works again.
 */
export async function totpStep(secret: string, code: string, lastStep: number | null): Promise<number | null> {
  if (!isTotpShaped(code)) return null;
  const r = await verify({
    secret,
    token: code,
    epochTolerance: TOLERANCE_SECONDS,
    ...(lastStep !== null ? { afterTimeStep: lastStep } : {}),
  });
  return r.valid && 'timeStep' in r ? r.timeStep : null;
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** Ten new recovery codes (to show once) and their SHA-256 hashes (to store). */
export function newRecoveryCodes(): { codes: string[]; hashes: string[] } {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const s = Array.from(randomBytes(16), (b) => ALPHABET[b & 31]).join('');
    return s.match(/.{4}/g)!.join('-');
  });
  return { codes, hashes: codes.map((c) => hashRecoveryCode(normaliseCode(c))) };
}

/** SHA-256 of a normalised code: 80 random bits each, so a fast hash is enough (as for API tokens). */
export function hashRecoveryCode(normalised: string): string {
  return createHash('sha256').update(`quorum-recovery:${normalised}`).digest('hex');
}
