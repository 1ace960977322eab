// Two-factor rows (issue 23, part 1): enrolment, the login check, recovery codes and disabling,
// for a tenant's users (tenant schema: users, recovery_codes; call inside that tenant's
// transaction) and for superusers (public.superusers, public.superuser_recovery_codes). The same
// columns in both places, so one set of queries serves both, by table name. And the two settings:
// "admins of this organisation must use two-factor" and "superusers must use two-factor".
import { sql, type Kysely } from 'kysely';
import { superuserTwoFactorDefault } from '@/lib/config/env';
import { UserError } from '@/lib/infra/errors';
import {
  hashRecoveryCode,
  isRecoveryShaped,
  isTotpShaped,
  newRecoveryCodes,
  newTotpSecret,
  normaliseCode,
  openSecret,
  sealSecret,
  totpStep,
} from './two-factor-codes';

// Queries name their tables at run time (users or public.superusers).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

export interface Account {
  kind: 'tenant' | 'superuser';
  id: number;
}

const TABLES = {
  tenant: { accounts: 'users', codes: 'recovery_codes', owner: 'user_id' },
  superuser: { accounts: 'public.superusers', codes: 'public.superuser_recovery_codes', owner: 'superuser_id' },
} as const;

interface Row {
  totp_secret: string | null;
  totp_enabled_at: Date | null;
  totp_last_step: string | null;
}

async function row(db: Db, a: Account): Promise<Row | undefined> {
  return (await db
    .selectFrom(TABLES[a.kind].accounts)
    .select(['totp_secret', 'totp_enabled_at', 'totp_last_step'])
    .where('id', '=', a.id)
    .executeTakeFirst()) as Row | undefined;
}

export interface TwoFactorState {
  enabled: boolean;
  /** An enrolment waits for its first code: the secret to show again. */
  pendingSecret: string | null;
  recoveryCodesLeft: number;
}

export async function twoFactorState(db: Db, a: Account): Promise<TwoFactorState> {
  const r = await row(db, a);
  const t = TABLES[a.kind];
  const left = await db
    .selectFrom(t.codes)
    .select(sql<number>`count(*)::int`.as('n'))
    .where(t.owner, '=', a.id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  const enabled = !!r?.totp_enabled_at;
  return {
    enabled,
    pendingSecret: !enabled && r?.totp_secret ? openSecret(r.totp_secret) : null,
    recoveryCodesLeft: enabled ? Number(left?.n ?? 0) : 0,
  };
}

/** Starts (or restarts) an enrolment: a new secret, not active until confirmed with a code. */
export async function beginEnrolment(db: Db, a: Account): Promise<string> {
  const secret = newTotpSecret();
  const r = await db
    .updateTable(TABLES[a.kind].accounts)
    .set({ totp_secret: sealSecret(secret), totp_last_step: null })
    .where('id', '=', a.id)
    .where('totp_enabled_at', 'is', null)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw new UserError('Two-factor is already on for this account.', 409);
  return secret;
}

export const WRONG_CODE = 'That code is not right (or it was already used). Enter the current 6-digit code from your app.';

/**
 * Confirms the pending enrolment with a first code: two-factor is on from now, and the ten
 * recovery codes returned are the only time anyone sees them (only their hashes are kept).
 */
export async function confirmEnrolment(db: Db, a: Account, rawCode: string): Promise<string[]> {
  const r = await row(db, a);
  if (!r?.totp_secret || r.totp_enabled_at) throw new UserError('Start the set-up again: there is no pending enrolment.', 409);
  const secret = openSecret(r.totp_secret);
  const step = secret ? await totpStep(secret, normaliseCode(rawCode), null) : null;
  if (step === null) throw new UserError(WRONG_CODE, 400, 'code');
  const t = TABLES[a.kind];
  const done = await db
    .updateTable(t.accounts)
    .set({ totp_enabled_at: sql`now()`, totp_last_step: step })
    .where('id', '=', a.id)
    .where('totp_enabled_at', 'is', null)
    .executeTakeFirst();
  if (Number(done.numUpdatedRows) !== 1) throw new UserError('Two-factor is already on for this account.', 409);
  return replaceRecoveryCodes(db, a);
}

async function replaceRecoveryCodes(db: Db, a: Account): Promise<string[]> {
  const t = TABLES[a.kind];
  const { codes, hashes } = newRecoveryCodes();
  await db.deleteFrom(t.codes).where(t.owner, '=', a.id).execute();
  await db
    .insertInto(t.codes)
    .values(hashes.map((code_hash) => ({ [t.owner]: a.id, code_hash })))
    .execute();
  return codes;
}

export type SecondFactor = 'totp' | 'recovery';

/**
 * Checks a code of an account with two-factor on: a TOTP code of this step, the one before or the
 * one after, never one at or before the last step accepted (the step is moved forward by the same
 * conditional UPDATE, so two logins cannot both use one code); or an unused recovery code, which is
 * used up. Null: wrong, reused, or two-factor is off.
 */
export async function checkSecondFactor(db: Db, a: Account, rawCode: string): Promise<SecondFactor | null> {
  const code = normaliseCode(rawCode);
  const r = await row(db, a);
  if (!r?.totp_enabled_at || !r.totp_secret) return null;
  const t = TABLES[a.kind];
  if (isTotpShaped(code)) {
    const secret = openSecret(r.totp_secret);
    const step = secret ? await totpStep(secret, code, r.totp_last_step === null ? null : Number(r.totp_last_step)) : null;
    if (step === null) return null;
    const moved = await db
      .updateTable(t.accounts)
      .set({ totp_last_step: step })
      .where('id', '=', a.id)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
      .executeTakeFirst();
    return Number(moved.numUpdatedRows) === 1 ? 'totp' : null;
  }
  if (isRecoveryShaped(code)) {
    const used = await db
      .updateTable(t.codes)
      .set({ used_at: sql`now()` })
      .where(t.owner, '=', a.id)
      .where('code_hash', '=', hashRecoveryCode(code))
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return Number(used.numUpdatedRows) === 1 ? 'recovery' : null;
  }
  return null;
}

/** The login's second step: 'off' (no two-factor), 'required' (no code given), 'wrong', or the factor used. */
export async function loginSecondFactor(
  db: Db,
  a: Account,
  code: string | undefined,
): Promise<'off' | 'required' | 'wrong' | SecondFactor> {
  const r = await row(db, a);
  if (!r?.totp_enabled_at) return 'off';
  if (!code) return 'required';
  return (await checkSecondFactor(db, a, code)) ?? 'wrong';
}

export const APP_CODE_ONLY = 'Enter the current 6-digit code from your app (a recovery code does not work here).';

/**
 * A new set of recovery codes for an account with two-factor on, confirmed with a current code
 * from the app (a recovery code is refused without being used up): the old set is deleted in the
 * same transaction, so it stops working at once. The codes returned are shown once.
 */
export async function regenerateRecoveryCodes(db: Db, a: Account, rawCode: string): Promise<string[]> {
  if (!(await row(db, a))?.totp_enabled_at)
    throw new UserError('Two-factor is off for this account: there are no recovery codes to replace.', 409);
  if (!isTotpShaped(normaliseCode(rawCode))) throw new UserError(APP_CODE_ONLY, 400, 'code');
  if ((await checkSecondFactor(db, a, rawCode)) !== 'totp') throw new UserError(WRONG_CODE, 400, 'code');
  return replaceRecoveryCodes(db, a);
}

/** Turns two-factor off with a current code (or a recovery code): secret and recovery codes are deleted. */
export async function disableTwoFactor(db: Db, a: Account, rawCode: string): Promise<SecondFactor> {
  const used = await checkSecondFactor(db, a, rawCode);
  if (!used) throw new UserError(WRONG_CODE, 400, 'code');
  await clearTwoFactor(db, a);
  return used;
}

/** Removes an account's two-factor without a code (operators only: the CLI, a lost phone). */
export async function clearTwoFactor(db: Db, a: Account): Promise<void> {
  const t = TABLES[a.kind];
  await db.updateTable(t.accounts).set({ totp_secret: null, totp_enabled_at: null, totp_last_step: null }).where('id', '=', a.id).execute();
  await db.deleteFrom(t.codes).where(t.owner, '=', a.id).execute();
}

// The settings ------------------------------------------------------------------------------

export const SUPERUSERS_MUST_USE_TWO_FACTOR = 'superusers_must_use_two_factor';

/** "Superusers must use two-factor": the operator's setting; unset: QUORUM_SUPERUSER_TWO_FACTOR, else on in production. */
export async function superusersMustUseTwoFactor(db: Db): Promise<boolean> {
  const r = await db
    .selectFrom('public.operator_settings')
    .select('value')
    .where('key', '=', SUPERUSERS_MUST_USE_TWO_FACTOR)
    .executeTakeFirst();
  return r ? !!r.value : superuserTwoFactorDefault();
}

export async function setSuperusersMustUseTwoFactor(db: Db, on: boolean): Promise<void> {
  await db
    .insertInto('public.operator_settings')
    .values({ key: SUPERUSERS_MUST_USE_TWO_FACTOR, value: on })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: on, updated_at: sql`now()` }))
    .execute();
}

/** "Admins of this organisation must use two-factor" (tenant transaction). */
export async function adminsMustUseTwoFactor(db: Db): Promise<boolean> {
  const r = await db.selectFrom('security_settings').select('admins_must_use_two_factor').executeTakeFirst();
  return !!r?.admins_must_use_two_factor;
}

export async function setAdminsMustUseTwoFactor(db: Db, on: boolean): Promise<void> {
  await db
    .insertInto('security_settings')
    .values({ id: true, admins_must_use_two_factor: on })
    .onConflict((oc) => oc.column('id').doUpdateSet({ admins_must_use_two_factor: on }))
    .execute();
}
