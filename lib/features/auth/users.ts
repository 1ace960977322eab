import { z } from 'zod';
import type { Selectable } from 'kysely';
import type { UsersTable } from '@/lib/infra/db/schema';
import { UserError, pgErrorCode } from '@/lib/infra/errors';
import { hashPassword, weakPasswordReason } from '@/lib/features/auth/password';
import { assertWithinQuota, type TenantDb } from '@/lib/tenancy';

export const emailSchema = z.string().trim().toLowerCase().email('Enter a valid email address.').max(254, 'Email is too long.');
export const passwordSchema = z.string().min(8, 'Password must be at least 8 characters.').max(200, 'Password is at most 200 characters.');
/**
 * Every edge where a person chooses a password (signup, add user, invitation, reset, superuser,
 * the CLI): the length rule plus strength, so `password`, `12345678` or `aaaaaaaa` are refused
 * with a sentence. `passwordSchema` alone stays for stored fixtures and seeding, which go
 * through createUser with generated passwords.
 */
export const newPasswordSchema = passwordSchema.superRefine((password, ctx) => {
  if (password.length < 8 || password.length > 200) return; // the length message says it
  const reason = weakPasswordReason(password);
  if (reason) ctx.addIssue({ code: 'custom', message: reason });
});
export const roleSchema = z.enum(['admin', 'member']);

export const newUserInput = z.object({
  email: emailSchema,
  password: passwordSchema,
  name: z.string().trim().max(200, 'Name is at most 200 characters.').default(''),
  role: roleSchema.default('member'),
});
export type NewUserInput = z.input<typeof newUserInput>;
/** The add-user form and the CLI: a new user whose password a person chose. */
export const newUserFormInput = newUserInput.extend({ password: newPasswordSchema });

export type PublicUser = Pick<Selectable<UsersTable>, 'id' | 'email' | 'name' | 'role' | 'created_at'>;

/** Inserts a user; `passwordHash` may be precomputed (provisioning hashes in parallel). */
export async function createUser(
  db: TenantDb,
  raw: NewUserInput,
  passwordHash?: string,
  limits: { maxUsers?: number | null } = {},
): Promise<PublicUser> {
  const input = newUserInput.parse(raw);
  await assertWithinQuota(db, 'users', limits.maxUsers);
  const hash = passwordHash ?? (await hashPassword(input.password));
  try {
    return await db
      .insertInto('users')
      .values({ email: input.email, name: input.name, role: input.role, password_hash: hash })
      .returning(['id', 'email', 'name', 'role', 'created_at'])
      .executeTakeFirstOrThrow();
  } catch (err) {
    if (pgErrorCode(err) === '23505') throw new UserError(`A user with email ${input.email} already exists.`, 409, 'email');
    throw err;
  }
}

export function findUserByEmail(db: TenantDb, email: string) {
  return db.selectFrom('users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
}

export function findUserById(db: TenantDb, id: number) {
  return db.selectFrom('users').select(['id', 'email', 'name', 'role', 'created_at']).where('id', '=', id).executeTakeFirst();
}

export function listUsers(db: TenantDb): Promise<PublicUser[]> {
  return db.selectFrom('users').select(['id', 'email', 'name', 'role', 'created_at']).orderBy('id').execute();
}
