import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextAuthLogin } from '@/bench/lib/auth';
import { closePools, directDb } from '@/lib/infra/db/pool';
import { migrateShared } from '@/lib/tenancy';
import { provisionTenant } from '@/lib/platform/provision-tenant';
import { largestTenants } from '@/lib/platform';
import { tenantNodes } from '@/lib/platform/placement';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { stopTenancyListener } from '@/lib/tenancy/resolve-host';
import { createSuperuser } from '@/lib/features/auth/superusers';
import { request, startApp, type AppServer } from '@/harness/app-server';
import { testEnv, testProcessEnv } from '@/harness/env';

// The superuser pages on Citus: each tenant's node in the table and on its page (with "Move to…"),
// the workers and the busiest tenants on the pool page.

const env = testEnv();
let app: AppServer;
let cookie: string;

beforeAll(async () => {
  await migrateShared(directDb());
  await provisionTenant(directDb(), { schema: 'adm_citus', name: 'Admin Citus', domain: 'adm-citus.localhost' });
  await createSuperuser(directDb(), 'root@citus.test', 'root-password-123');
  app = await startApp({ ...testProcessEnv(), LOGIN_LIMIT_PER_ADDRESS: '100000' });
  cookie = await nextAuthLogin(app.port, app.rootDomain, 'root@citus.test', 'root-password-123');
  // Some traffic for citus_stat_tenants.
  for (let i = 0; i < 5; i++) await request(app.port, `adm-citus.localhost:${app.port}`, 'GET', '/api/polls');
});

afterAll(async () => {
  await app?.stop();
  await stopTenancyListener();
  await closePools();
});

const page = async (path: string) => {
  const r = await request(app.port, app.rootDomain, 'GET', path, { headers: { cookie } });
  expect(r.status, r.text.slice(0, 300)).toBe(200);
  return r.text;
};

describe('admin pages on Citus', () => {
  it('the tenants table has a Node column with the tenant’s worker', async () => {
    const node = (await tenantNodes(directDb(), ['adm_citus'])).get('adm_citus')!;
    expect(env.citusWorkers).toContain(node);
    const html = await page('/admin?q=adm_citus');
    expect(html).toContain('>Node<');
    expect(html).toMatch(new RegExp(`data-testid="tenant-node"[^>]*>${node}<`));
  });

  it('the tenant page shows its node and a "Move to…" form offering the other worker', async () => {
    const node = (await tenantNodes(directDb(), ['adm_citus'])).get('adm_citus')!;
    const other = env.citusWorkers!.find((w) => w !== node)!;
    const html = await page('/admin/tenants/adm_citus');
    expect(html).toMatch(new RegExp(`data-testid="tenant-node"[^>]*>${node}<`));
    expect(html).toContain('Move to…');
    expect(html).toContain(`<option value="${other}">`);
    expect(html).not.toContain(`<option value="${node}">`);
  });

  it('the pool page lists the workers and per-tenant activity', async () => {
    const html = await page('/admin/pool');
    expect(html).toContain('Citus workers');
    for (const w of env.citusWorkers!) expect(html).toContain(`data-node="${w}"`);
    expect(html).toContain('data-testid="citus-activity"');
    // The busiest tenants of the whole run (other files' tenants may outrank adm_citus), each on a worker.
    const rows = [...html.matchAll(/<tr data-schema="(\w+)"><td[^>]*>\w+<\/td><td[^>]*>([^<]+)<\/td>/g)];
    expect(rows.length).toBeGreaterThan(0);
    for (const [, , node] of rows) expect(env.citusWorkers).toContain(node);
  });

  it('the dashboard measures tenants by their shards on the workers, not the empty shells on the coordinator', async () => {
    await withTenant({ schema: 'adm_citus' }, (db) =>
      sql`insert into polls (question) select 'A question that takes some room on the worker ' || g from generate_series(1, 10000) g`.execute(
        db,
      ),
    );
    const sizes = await largestTenants(directDb(), 10_000);
    const mine = sizes.find((t) => t.schema === 'adm_citus');
    // The rows live in the shard on the worker; the coordinator's shell stays a few empty pages.
    expect(mine?.bytes).toBeGreaterThan(500_000);
    const html = await page('/admin');
    expect(html).toContain('data-testid="chart-sizes"');
  });
});
