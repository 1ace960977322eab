import { randomBytes } from 'node:crypto';
import { directDb } from '@/lib/infra/db/pool';
import { createSuperuser, hasSuperuser } from '@/lib/features/auth/superusers';
import { installJobQueue } from '@/lib/jobs/worker';
import { castVote, createPoll, newPollInput } from '@/lib/features/polls/polls';
import { migrateShared, migrateTenants, withTenant } from '@/lib/tenancy';
import { findTenantBySchema } from '@/lib/platform';
import { provisionTenantWithAdmin } from '@/lib/features/organisation/provision-with-admin';
import { createUser } from '@/lib/features/auth/users';

const DEMO_POLLS = [
  { question: 'Where should the team offsite be?', choices: ['Mountains', 'Seaside', 'City', 'Stay home'] },
  { question: 'Which day works best for the weekly sync?', choices: ['Monday', 'Wednesday', 'Friday'] },
  { question: 'Tabs or spaces?', choices: ['Tabs', 'Spaces'] },
];

function newPassword(): string {
  return randomBytes(12).toString('base64url');
}

export interface BootstrapResult {
  migratedTenants: number;
  superuser?: { email: string; password: string };
  demo?: { host: string; email: string; password: string };
}

/**
 * First-run setup for the zero-config default: migrations, a superuser and a demo tenant.
 * Passwords are random and returned once (the caller prints them); nothing is fixed or stored.
 */
export async function bootstrap(rootHost: string): Promise<BootstrapResult> {
  await migrateShared(directDb());
  await installJobQueue();
  const results = await migrateTenants(directDb(), { concurrency: 4 });
  const out: BootstrapResult = { migratedTenants: results.length };
  const db = directDb();
  if (!(await hasSuperuser(db))) {
    const password = newPassword();
    const email = `admin@${rootHost.includes('.') ? rootHost : 'example.com'}`;
    await createSuperuser(db, email, password);
    out.superuser = { email, password };
  }
  if (!(await findTenantBySchema(db, 'demo'))) {
    const host = `demo.${rootHost}`;
    const password = newPassword();
    const email = 'demo-admin@example.com';
    const tenant = await provisionTenantWithAdmin(directDb(), {
      schema: 'demo',
      name: 'Demo Organisation',
      domain: host,
      onTrial: true,
      admin: { email, password, name: 'Demo Admin' },
    });
    await withTenant(
      { schema: tenant.schema_name },
      async (tdb) => {
        const admin = await tdb.selectFrom('users').select(['id', 'role']).where('email', '=', email).executeTakeFirstOrThrow();
        const member = await createUser(tdb, { email: 'demo-member@example.com', password: newPassword(), name: 'Demo Member' });
        for (const p of DEMO_POLLS) {
          const poll = await createPoll(tdb, admin, newPollInput.parse(p));
          await castVote(tdb, { id: member.id, role: 'member' }, poll.id, poll.choices[0].id);
        }
      },
      db,
    );
    out.demo = { host, email, password };
  }
  return out;
}
