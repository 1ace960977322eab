import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { PublicDatabase } from '@/lib/infra/db/schema';
import { UserError, pgErrorCode } from '@/lib/infra/errors';
import { hashPassword, weakPasswordReason } from './password';

// Superusers (the SaaS operator's accounts) live in public.superusers; they belong to auth,
// not to the tenancy core.

type Db = Kysely<PublicDatabase>;

export function findSuperuserByEmail(db: Db, email: string) {
  return db.selectFrom('public.superusers').selectAll().where('email', '=', email).executeTakeFirst();
}

/** Whether the superuser has confirmed two-factor (issue 23). */
export async function superuserHasTwoFactor(db: Db, id: number): Promise<boolean> {
  const r = await db.selectFrom('public.superusers').select('totp_enabled_at').where('id', '=', id).executeTakeFirst();
  return !!r?.totp_enabled_at;
}

export async function hasSuperuser(db: Db): Promise<boolean> {
  return !!(await db.selectFrom('public.superusers').select('id').limit(1).executeTakeFirst());
}

export async function createSuperuser(db: Db, emailInput: string, password: string) {
  const parsed = z.string().trim().toLowerCase().email('Enter a valid email address.').safeParse(emailInput);
  if (!parsed.success) throw new UserError('Enter a valid email address.', 400, 'email');
  const email = parsed.data;
  if (password.length < 8) throw new UserError('Password must be at least 8 characters.', 400, 'password');
  if (password.length > 200) throw new UserError('Password is at most 200 characters.', 400, 'password');
  // Every way a superuser is made (CLI, the explicit bootstrap) ends here: the same strength rule.
  const weak = weakPasswordReason(password, [email]);
  if (weak) throw new UserError(weak, 400, 'password');
  const hash = await hashPassword(password);
  try {
    return await db
      .insertInto('public.superusers')
      .values({ email, password_hash: hash })
      .returning(['id', 'email'])
      .executeTakeFirstOrThrow();
  } catch (err) {
    if (pgErrorCode(err) === '23505') throw new UserError(`A superuser with email ${email} already exists.`, 409, 'email');
    throw err;
  }
}
