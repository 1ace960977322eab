// Tenants for integration tests that talk to the app over HTTP: each with the shared schema
// migrated first, its host `<schema with - for _>.localhost`, an admin `admin@<host part>.test`
// (password `password123`) and one poll "<schema>?" with the choices a and b.
import { directDb } from '@/lib/infra/db/pool';
import { createPoll } from '@/lib/features/polls/polls';
import { provisionTenantWithAdmin } from '@/lib/features/organisation/provision-with-admin';
import { migrateShared } from '@/lib/tenancy/migrate/runner';
import { withTenant } from '@/lib/tenancy/with-tenant';

export async function provisionPollTenants(schemas: readonly string[], label: string): Promise<void> {
  await migrateShared(directDb());
  for (const s of schemas) {
    const part = s.replace('_', '-');
    await provisionTenantWithAdmin(directDb(), {
      schema: s,
      name: label ? `${label} ${s}` : s,
      domain: `${part}.localhost`,
      admin: { email: `admin@${part}.test`, password: 'password123' },
    });
    await withTenant({ schema: s }, (db) => createPoll(db, { id: 1, role: 'admin' }, { question: `${s}?`, choices: ['a', 'b'] }));
  }
}
