import type { Kysely } from 'kysely';
import { z } from 'zod';
import { UserError } from '@/lib/infra/errors';
import { addressBucket } from '@/lib/infra/client-address';
import { queueFindOrganisations } from '@/lib/features/auth/find-organisations-task';
import { log } from '@/lib/infra/log';
import { emailSchema } from '@/lib/features/auth/users';
import { countAttempts } from './rate-limit';
import { tryAgainIn } from '@/lib/infra/format';

/** Too many requests from one network: the English sentence (logs, tests) and the wait, for pages to say in their language. */
export class NetworkTooBusy extends UserError {
  constructor(readonly waitSeconds: number) {
    super(`Too many requests from your network; ${tryAgainIn(waitSeconds)}.`, 429);
  }
}

/** A wait as humanWait says it, as a unit and a count for a translated sentence. */
export function waitParts(seconds: number): { unit: 'second' | 'minute' | 'hour'; n: number } {
  const s = Math.max(1, Math.ceil(Number.isFinite(seconds) ? seconds : 1));
  if (s < 60) return { unit: 'second', n: s };
  const minutes = Math.round(s / 60);
  if (minutes < 60) return { unit: 'minute', n: minutes };
  return { unit: 'hour', n: Math.round(s / 3600) };
}

export const findOrganisationInput = z.object({ email: emailSchema }).strict();

export interface FindOrganisationLimits {
  /** Requests for one address per window: more are answered the same but send nothing (no mail flood). */
  perEmail: number;
  /** Requests from one client address (or /64) per window: more are refused with a sentence. */
  perAddress: number;
  windowSeconds: number;
}

export const FIND_ORGANISATION_LIMITS: FindOrganisationLimits = { perEmail: 3, perAddress: 20, windowSeconds: 60 * 60 };

/**
 * "Find your organisation": counts the request on the login-limit table (per address asked about
 * and per client address, keys of their own), then queues the lookup job. The request never looks
 * the address up itself, so what it answers and how long it takes do not depend on it.
 */
export async function requestOrganisationList(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any>,
  email: string,
  clientAddress: string | null,
  limits: FindOrganisationLimits = FIND_ORGANISATION_LIMITS,
): Promise<void> {
  const emailKey = `find:email:${email}`;
  const keys = [{ key: emailKey, limit: limits.perEmail }];
  if (clientAddress) keys.push({ key: `find:addr:${addressBucket(clientAddress)}`, limit: limits.perAddress });
  const exceeded = await countAttempts(db, keys, limits.windowSeconds);
  const addressWait = [...exceeded].find(([key]) => key !== emailKey)?.[1];
  if (addressWait !== undefined) throw new NetworkTooBusy(addressWait);
  if (exceeded.has(emailKey)) {
    // Said the same way as a request that queues (the limit reveals nothing about accounts).
    log.info('find your organisation: this address was asked about too often; nothing queued');
    return;
  }
  await queueFindOrganisations(db, email);
}
