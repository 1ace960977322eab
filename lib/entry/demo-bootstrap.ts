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

/** What the first run creates besides migrating: a superuser, the demo tenant, both or neither. */
export interface BootstrapWants {
  superuser: boolean;
  demo: boolean;
}

/**
 * QUORUM_BOOTSTRAP (issue 24): which first-run accounts `npm run dev` / `npm start` create.
 * Unset: both on the embedded development database, neither on a DATABASE_URL (production gets
 * its superuser from `npm run tenants -- create-superuser`). Otherwise a comma list of
 * `superuser`, `demo`, or `none`. Throws on anything else (a typo must not be silent).
 */
export function bootstrapWants(raw: string | undefined, embedded: boolean): BootstrapWants {
  const value = (raw ?? '').trim().toLowerCase();
  if (value === '') return { superuser: embedded, demo: embedded };
  const parts = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = parts.filter((p) => p !== 'superuser' && p !== 'demo' && p !== 'none');
  if (bad.length || (parts.includes('none') && parts.length > 1)) {
    throw new Error(`QUORUM_BOOTSTRAP must be a comma list of "superuser" and "demo", or "none" (got ${JSON.stringify(raw)}).`);
  }
  return { superuser: parts.includes('superuser'), demo: parts.includes('demo') };
}

/**
 * First-run setup: migrations and the job queue always; a superuser and a demo tenant only when
 * `wants` says so (see bootstrapWants: by default only on the embedded development database).
 * Passwords are random and returned once (the caller prints them); nothing is fixed or stored.
 */
export async function bootstrap(rootHost: string, wants: BootstrapWants = { superuser: false, demo: false }): Promise<BootstrapResult> {
  await migrateShared(directDb());
  await installJobQueue();
  const results = await migrateTenants(directDb(), { concurrency: 4 });
  const out: BootstrapResult = { migratedTenants: results.length };
  const db = directDb();
  if (wants.superuser && !(await hasSuperuser(db))) {
    const password = newPassword();
    const email = `admin@${rootHost.includes('.') ? rootHost : 'example.com'}`;
    await createSuperuser(db, email, password);
    out.superuser = { email, password };
  }
  if (wants.demo && !(await findTenantBySchema(db, 'demo'))) {
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
