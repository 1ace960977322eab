import type { Kysely } from 'kysely';
import { z } from 'zod';
import { UserError } from '@/lib/infra/errors';
import { addressBucket } from '@/lib/infra/client-address';
import { queueFindOrganisations } from '@/lib/features/auth/find-organisations-task';
import { log } from '@/lib/infra/log';
import { emailSchema } from '@/lib/features/auth/users';
import { countAttempts } from './rate-limit';
import { tryAgainIn } from '@/lib/infra/format';

/** The one answer on screen, whatever the address (no enumeration). */
export const ORGANISATIONS_REQUESTED =
  'If that address has an account in any organisation here, we have emailed it the address where each one logs in. It arrives in a minute or two; check your spam folder too.';

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
  if (addressWait !== undefined) throw new UserError(`Too many requests from your network; ${tryAgainIn(addressWait)}.`, 429);
  if (exceeded.has(emailKey)) {
    // Said the same way as a request that queues (the limit reveals nothing about accounts).
    log.info('find your organisation: this address was asked about too often; nothing queued');
    return;
  }
  await queueFindOrganisations(db, email);
}
