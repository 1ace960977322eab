import { Command, Option } from 'commander';
import { UserError } from '@/lib/infra/errors';
import { auditCli } from '../audit';
import { out } from '../output';
import { checkedSchema, withDatabase } from '../runtime';

export function createSuperuserCommand(): Command {
  return new Command('create-superuser')
    .description('Create a superuser (public area: manages tenants and domains on the root host).')
    .requiredOption('--email <email>', 'login email')
    .requiredOption('--password <password>', 'at least 8 characters')
    .action((opts: { email: string; password: string }) =>
      withDatabase(async () => {
        const { directDb } = await import('@/lib/infra/db/pool');
        const { createSuperuser } = await import('@/lib/features/auth/superusers');
        const su = await createSuperuser(directDb(), opts.email, opts.password);
        out(`created superuser ${su.email} (id ${su.id})`);
        await auditCli('superuser.create', null, { email: su.email });
      }),
    );
}

export function createUserCommand(): Command {
  return new Command('create-user')
    .description("Create a user inside one tenant (that tenant's users table).")
    .requiredOption('--schema <schema>', 'tenant schema')
    .requiredOption('--email <email>', 'login email')
    .requiredOption('--password <password>', 'at least 8 characters')
    .addOption(new Option('--role <role>', 'role in the tenant').choices(['admin', 'member']).default('member'))
    .option('--name <name>', 'display name')
    .action((opts: { schema: string; email: string; password: string; role: 'admin' | 'member'; name?: string }) =>
      withDatabase(async () => {
        const schema = checkedSchema(opts.schema);
        const { directDb } = await import('@/lib/infra/db/pool');
        const { withTenant } = await import('@/lib/tenancy');
        const { getTenantBySchema } = await import('@/lib/platform');
        const { createUser, newPasswordSchema } = await import('@/lib/features/auth/users');
        const pw = newPasswordSchema.safeParse(opts.password);
        if (!pw.success) throw new UserError(pw.error.issues[0].message, 400, 'password');
        await getTenantBySchema(directDb(), schema);
        const user = await withTenant(
          { schema },
          (db) => createUser(db, { email: opts.email, password: opts.password, role: opts.role, name: opts.name }),
          directDb(),
        );
        out(`created ${user.role} ${user.email} (id ${user.id}) in tenant '${schema}'`);
        await auditCli('user.create', schema, { user: user.email, userId: user.id, role: user.role });
      }),
    );
}

export function resetTwoFactorCommand(): Command {
  return new Command('reset-two-factor')
    .description(
      "Turn off an account's two-factor sign-in without a code (a lost phone and no recovery code left): a superuser, or with --schema a tenant's user. They sign in with their password and may enrol again.",
    )
    .requiredOption('--email <email>', 'the account’s login email')
    .option('--schema <schema>', "a tenant's user instead of a superuser")
    .action((opts: { email: string; schema?: string }) =>
      withDatabase(async () => {
        const { directDb } = await import('@/lib/infra/db/pool');
        const { clearTwoFactor } = await import('@/lib/features/auth/two-factor');
        const email = opts.email.trim().toLowerCase();
        if (!opts.schema) {
          const { findSuperuserByEmail } = await import('@/lib/features/auth/superusers');
          const su = await findSuperuserByEmail(directDb(), email);
          if (!su) throw new UserError(`No superuser with email '${email}'.`, 404, 'email');
          await clearTwoFactor(directDb(), { kind: 'superuser', id: su.id });
          out(`two-factor turned off for superuser ${su.email}`);
          await auditCli('two_factor.reset', null, { account: su.email });
          return;
        }
        const schema = checkedSchema(opts.schema);
        const { withTenant } = await import('@/lib/tenancy');
        const { getTenantBySchema } = await import('@/lib/platform');
        const { findUserByEmail } = await import('@/lib/features/auth/users');
        await getTenantBySchema(directDb(), schema);
        const user = await withTenant(
          { schema },
          async (db) => {
            const u = await findUserByEmail(db, email);
            if (u) await clearTwoFactor(db, { kind: 'tenant', id: u.id });
            return u;
          },
          directDb(),
        );
        if (!user) throw new UserError(`No user with email '${email}' in tenant '${schema}'.`, 404, 'email');
        out(`two-factor turned off for ${user.email} in tenant '${schema}'`);
        await auditCli('two_factor.reset', schema, { account: user.email });
      }),
    );
}
