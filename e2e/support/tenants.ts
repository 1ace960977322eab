// Direct data setup for specs (no UI): provision tenants, add users and polls, change status.
// Runs in the Playwright worker against the e2e cluster (URLs from the env file).
import { randomBytes } from 'node:crypto';
import { directDb } from '@/lib/infra/db/pool';
import { createPoll } from '@/lib/features/polls/polls';
import { provisionTenantWithAdmin } from '@/lib/features/organisation/provision-with-admin';
import { subdomainToSchema } from '../../lib/tenancy/schema-name';
import { updateTenant } from '@/lib/platform/tenants';
import { withTenant } from '../../lib/tenancy/with-tenant';
import { createUser, findUserByEmail } from '@/lib/features/auth/users';
import { request } from '../../harness/app-server';
import { readEnvFile } from './env-file';

function useE2eDatabase(): void {
  const env = readEnvFile();
  process.env.DIRECT_DATABASE_URL = env.directUrl;
  process.env.DATABASE_URL = env.pooledUrl;
  process.env.QUORUM_NO_LISTEN = '1';
}

export interface TestTenant {
  sub: string;
  schema: string;
  name: string;
  host: string;
  url: string;
  admin: { email: string; password: string };
}

/** A subdomain nobody else in this run uses: `<prefix>-<random>`. */
export function uniqueSub(prefix = 't'): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** http://<sub>.localhost:<port> */
export function tenantURL(sub: string): string {
  return `http://${sub}.${readEnvFile().rootDomain}`;
}

export interface ProvisionOptions {
  sub?: string;
  name?: string;
  adminEmail?: string;
  adminPassword?: string;
  paidUntil?: string | null;
  onTrial?: boolean;
}

/** Provisions a tenant with lib code (same path as signup and the CLI) and returns how to reach it. */
export async function provisionTestTenant(opts: ProvisionOptions = {}): Promise<TestTenant> {
  useE2eDatabase();
  const env = readEnvFile();
  const sub = opts.sub ?? uniqueSub();
  const name = opts.name ?? `Org ${sub}`;
  const admin = { email: opts.adminEmail ?? `admin@${sub}.test`, password: opts.adminPassword ?? `pw-${randomBytes(6).toString('hex')}` };
  const hostname = env.rootDomain.split(':')[0];
  await provisionTenantWithAdmin(directDb(), {
    schema: subdomainToSchema(sub),
    name,
    domain: `${sub}.${hostname}`,
    onTrial: opts.onTrial ?? true,
    paidUntil: opts.paidUntil === undefined ? new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10) : opts.paidUntil,
    admin,
  });
  return { sub, schema: subdomainToSchema(sub), name, host: `${sub}.${env.rootDomain}`, url: tenantURL(sub), admin };
}

/** Adds a user to a tenant. */
export async function addTenantUser(
  tenant: Pick<TestTenant, 'schema'>,
  user: { email: string; password: string; role?: 'admin' | 'member'; name?: string },
) {
  useE2eDatabase();
  return withTenant({ schema: tenant.schema }, (db) => createUser(db, { role: 'member', ...user }));
}

/** Creates a poll as the given user (by email) and returns its id. */
export async function addPoll(
  tenant: Pick<TestTenant, 'schema'>,
  authorEmail: string,
  poll: { question: string; choices: string[] },
): Promise<number> {
  useE2eDatabase();
  return withTenant({ schema: tenant.schema }, async (db) => {
    const user = await findUserByEmail(db, authorEmail);
    if (!user) throw new Error(`no user ${authorEmail} in ${tenant.schema}`);
    return (await createPoll(db, { id: user.id, role: user.role }, poll)).id;
  });
}

/** Changes status, paid-until or trial flag (as the superuser area would); live at once in the app. */
export async function updateTestTenant(
  tenant: Pick<TestTenant, 'schema'>,
  change: { status?: 'active' | 'suspended'; paidUntil?: string | null; onTrial?: boolean },
) {
  useE2eDatabase();
  const row = await updateTenant(directDb(), tenant.schema, change);
  // The app learns of the change through LISTEN/NOTIFY, asynchronously (milliseconds, more on a
  // busy machine). Wait until it shows: a status change is visible on /api/health (403 while
  // suspended); for paid-until/trial changes there is no anonymous signal, so allow a settle time.
  const domain = await directDb()
    .selectFrom('public.domains')
    .select('domain')
    .where('tenant_id', '=', row.id)
    .where('is_primary', '=', true)
    .executeTakeFirst();
  if (change.status && domain) {
    const port = readEnvFile().port;
    const want = change.status === 'suspended' ? 403 : 200;
    const deadline = Date.now() + 10_000;
    for (;;) {
      const status = await request(port, `${domain.domain}:${port}`, 'GET', '/api/health').then(
        (r) => r.status,
        () => 0,
      );
      if (status === want) break;
      if (Date.now() > deadline)
        throw new Error(`the app did not see ${tenant.schema} become ${change.status} within 10 s (health ${status})`);
      await new Promise((r) => setTimeout(r, 50));
    }
  } else {
    await new Promise((r) => setTimeout(r, 1_000));
  }
  return row;
}

/** Number of tenants with this schema name (0 or 1), straight from public.tenants. */
export async function tenantCount(schema: string): Promise<number> {
  useE2eDatabase();
  const r = await directDb()
    .selectFrom('public.tenants')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('schema_name', '=', schema)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
