import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { PublicDatabase, TenantRow } from '@/lib/infra/db/schema';
import { UserError } from '@/lib/infra/errors';
import { hashPassword } from '@/lib/features/auth/password';
import { provisionInput, provisionTenant, type ProvisionOptions } from '@/lib/platform';
import { createUser } from '@/lib/features/auth/users';

// A new organisation: the tenancy core creates tenant, domain and schema, and this module adds
// the first admin inside that same transaction (provisionTenant's onCreated), so the tenant
// never exists without its admin.

const withAdminInput = provisionInput.extend({
  admin: z
    .object({
      email: z.string().trim().toLowerCase().email('Admin email is not a valid address.').max(254),
      password: z.string().min(8, 'Admin password must be at least 8 characters.').max(200),
      name: z.string().trim().max(200).optional(),
    })
    .nullish(),
});
export type ProvisionWithAdminInput = z.input<typeof withAdminInput>;

/** provisionTenant plus an optional first admin, atomically; errors name the field they concern (`admin.email`). */
export async function provisionTenantWithAdmin(
  db: Kysely<PublicDatabase>,
  raw: ProvisionWithAdminInput,
  opts: Omit<ProvisionOptions, 'onCreated'> = {},
): Promise<TenantRow> {
  const parsed = withAdminInput.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserError(issue.message, 400, issue.path.join('.') || undefined);
  }
  const admin = parsed.data.admin;
  if (!admin) return provisionTenant(db, raw, opts);
  // The KDF runs on the thread pool while the database builds the schema.
  const adminHash = hashPassword(admin.password);
  adminHash.catch(() => undefined);
  return provisionTenant(db, raw, {
    ...opts,
    onCreated: async (db) => {
      await createUser(db, { ...admin, role: 'admin' }, await adminHash);
    },
  });
}
