// The superuser area on the root host: tenants table, create/edit/suspend/delete, domains,
// migrations, pool; and that nobody but a root-host superuser session gets in.
import { sql } from 'kysely';
import type { BrowserContext, Locator, Page } from '@playwright/test';
import { directDb } from '@/lib/infra/db/pool';
import {
  expect,
  expectNoSeriousA11yViolations,
  login,
  provisionTestTenant,
  readEnvFile,
  saveScreenshot,
  tenantCount,
  tenantURL,
  test,
  uniqueSub,
} from './fixtures';

/** The e2e cluster, straight (as the specs' own setup helpers use it). */
function db() {
  const env = readEnvFile();
  process.env.DIRECT_DATABASE_URL = env.directUrl;
  process.env.DATABASE_URL = env.pooledUrl;
  process.env.QUORUM_NO_LISTEN = '1';
  return directDb();
}

async function schemaExists(schema: string): Promise<boolean> {
  const r = await sql<{ n: number }>`select count(*)::int as n from pg_namespace where nspname = ${schema}`.execute(db());
  return r.rows[0]!.n === 1;
}

/** GET <host>/api/health through Chromium (Node cannot resolve *.localhost). */
async function health(ctx: BrowserContext, host: string): Promise<{ status: number; tenant: unknown }> {
  const p = await ctx.newPage();
  try {
    const res = await p.goto(`http://${host}:${readEnvFile().port}/api/health`);
    if (!res) throw new Error(`no response from ${host}`);
    const body = (await res.json().catch(() => null)) as { tenant?: unknown } | null;
    return { status: res.status(), tenant: body?.tenant };
  } finally {
    await p.close();
  }
}

function adminNav(page: Page): Locator {
  return page.getByRole('navigation', { name: 'Administration' });
}

async function loginAsSuperuser(page: Page, su: { email: string; password: string }): Promise<void> {
  await login(page, '', su.email, su.password, '/admin');
  await expect(page.getByRole('heading', { level: 1, name: 'Tenants' })).toBeVisible();
}

function domainRow(page: Page, domain: string): Locator {
  return page.locator(`li[data-domain="${domain}"]`);
}

function field(page: Page, name: string): Locator {
  return page.locator(`#field-${name}`);
}

function fieldError(page: Page, name: string): Locator {
  return page.locator(`#field-${name}-error`);
}

test('a superuser creates a tenant with a first admin, adds a second domain and makes it primary', async ({
  page,
  context,
  superuser,
  env,
}) => {
  const sub = uniqueSub('adm');
  const schema = sub.replace(/-/g, '_');
  const hostname = env.rootDomain.split(':')[0]!;
  const domain = `${sub}.${hostname}`;
  const alt = `${sub}-alt.${hostname}`;
  const admin = { email: `first@${sub}.test`, password: 'first-admin-pw' };

  await loginAsSuperuser(page, superuser);
  await expect(page).toHaveURL(`${env.rootURL}/admin`);
  await expect(page.getByTestId('admin-email')).toHaveText(superuser.email);
  await expect(adminNav(page).getByRole('link', { name: 'Tenants' })).toHaveAttribute('aria-current', 'page');
  await expectNoSeriousA11yViolations(page, '/admin');
  await saveScreenshot(page, 'admin-tenants');

  await adminNav(page).getByRole('link', { name: 'New tenant' }).click();
  await expect(page).toHaveURL(`${env.rootURL}/admin/tenants/new`);
  await expect(page.getByRole('heading', { level: 1, name: 'New tenant' })).toBeVisible();
  await expect(page.getByLabel('On trial')).toBeChecked();
  await expectNoSeriousA11yViolations(page, '/admin/tenants/new');
  await saveScreenshot(page, 'admin-new-tenant');

  await page.getByLabel('Schema name', { exact: true }).fill(schema);
  await page.getByLabel('Name', { exact: true }).fill(`Admin Made ${sub}`);
  await page.getByLabel('Primary domain', { exact: true }).fill(domain);
  await page.getByLabel('Paid until (optional)').fill('2031-06-30');
  await page.getByLabel('Admin email').fill(admin.email);
  await page.getByLabel('Admin password').fill(admin.password);
  await page.getByRole('button', { name: 'Create tenant' }).click();

  // The ?created=1 flag leaves the address bar once the banner shows (issue 15).
  await expect(page).toHaveURL(new RegExp(`^${env.rootURL}/admin/tenants/${schema}(\\?created=1)?$`));
  await expect(page.getByRole('heading', { level: 1, name: `Admin Made ${sub}` })).toBeVisible();
  await expect(page.getByText('Tenant created')).toBeVisible();
  await expect(page.getByText('Trial until 30 Jun 2031').first()).toBeVisible();
  await expect(domainRow(page, domain).getByText('Primary', { exact: true })).toBeVisible();

  // Live at once: the new host answers with its schema, and the first admin can log in there.
  expect(await health(context, domain)).toEqual({ status: 200, tenant: schema });
  const tenantPage = await context.newPage();
  await login(tenantPage, tenantURL(sub), admin.email, admin.password, '/');
  await tenantPage.close();

  // A second domain answers too.
  await page.getByLabel('New domain').fill(alt);
  await page.getByRole('button', { name: 'Add domain' }).click();
  await expect(page.getByText(`${alt} added.`)).toBeVisible();
  await expect(domainRow(page, alt)).toBeVisible();
  await expect(page.getByLabel('New domain')).toHaveValue('');
  await expect(page.getByRole('heading', { name: 'Domains (2)' })).toBeVisible();
  expect(await health(context, alt)).toEqual({ status: 200, tenant: schema });

  // Make it primary: exactly one primary, shown on the detail page and in the table.
  await domainRow(page, alt)
    .getByRole('button', { name: /Make primary/ })
    .click();
  await expect(domainRow(page, alt).getByText('Primary', { exact: true })).toBeVisible();
  await expect(domainRow(page, domain).getByText('Primary', { exact: true })).toHaveCount(0);
  await expect(domainRow(page, domain).getByRole('button', { name: /Make primary/ })).toBeVisible();
  await expect(page.locator('li[data-domain]').getByText('Primary', { exact: true })).toHaveCount(1);
  await expectNoSeriousA11yViolations(page, '/admin/tenants/[schema]');
  await saveScreenshot(page, 'admin-tenant-detail');

  await page.goto(`/admin?q=${sub}`);
  const row = page.locator(`tr[data-schema="${schema}"]`);
  await expect(row.getByTestId('primary-domain')).toHaveText(alt);
  await expect(row.getByTestId('domain-count')).toHaveText('2');
  await expect(row.getByText('Trial until 30 Jun 2031')).toBeVisible();
  await page.goto('/admin');
  await expect(page.locator(`tr[data-schema="${schema}"]`)).toBeVisible();
  await expectNoSeriousA11yViolations(page, '/admin with tenants');
  await saveScreenshot(page, 'admin-tenants-table');
  await page.goto(`/admin?q=${sub}`);

  // The old domain, no longer primary, can be removed; its host stops answering at once.
  await row.getByRole('link', { name: `Admin Made ${sub}` }).click();
  await expect(page).toHaveURL(`${env.rootURL}/admin/tenants/${schema}`);
  // Remove asks first; Cancel keeps the domain.
  await domainRow(page, domain)
    .getByRole('button', { name: /^Remove/ })
    .click();
  await expect(domainRow(page, domain).getByText('It stops answering at once')).toBeVisible();
  await domainRow(page, domain).getByRole('button', { name: 'Cancel' }).click();
  await expect(domainRow(page, domain).getByText('It stops answering at once')).toHaveCount(0);
  expect((await health(context, domain)).status).toBe(200);
  await domainRow(page, domain)
    .getByRole('button', { name: /^Remove/ })
    .click();
  await domainRow(page, domain)
    .getByRole('button', { name: /^Yes, remove/ })
    .click();
  await expect(domainRow(page, domain)).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Domains (1)' })).toBeVisible();
  expect((await health(context, domain)).status).toBe(404);
  expect(await health(context, alt)).toEqual({ status: 200, tenant: schema });

  // Settings: rename, stop the trial, paid until a past date → expired.
  await page.getByLabel('Name', { exact: true }).fill(`Renamed ${sub}`);
  await page.getByLabel('On trial').uncheck();
  await page.getByLabel('Paid until').fill('2020-01-31');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('Changes saved.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: `Renamed ${sub}` })).toBeVisible();
  await expect(page.getByText('Expired 31 Jan 2020')).toBeVisible();
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue(`Renamed ${sub}`);
});

test('invalid input shows inline errors, keeps the values and creates nothing', async ({ page, superuser, tenant, env }) => {
  const hostname = env.rootDomain.split(':')[0]!;
  const sub = uniqueSub('bad');
  await loginAsSuperuser(page, superuser);
  await page.goto('/admin/tenants/new');

  // A hostile schema name (PostgreSQL's reserved prefix).
  await page.getByLabel('Schema name', { exact: true }).fill('pg_bad');
  await page.getByLabel('Name', { exact: true }).fill('Bad Org');
  await page.getByLabel('Primary domain', { exact: true }).fill(`${sub}.${hostname}`);
  await page.getByRole('button', { name: 'Create tenant' }).click();
  await expect(fieldError(page, 'schema')).toContainText("names starting with 'pg_' are reserved");
  await expect(field(page, 'schema')).toHaveAttribute('aria-invalid', 'true');
  await expect(field(page, 'schema')).toHaveValue('pg_bad');
  await expect(field(page, 'name')).toHaveValue('Bad Org');
  await expect(field(page, 'domain')).toHaveValue(`${sub}.${hostname}`);
  await expect(page).toHaveURL(`${env.rootURL}/admin/tenants/new`);
  expect(await tenantCount('pg_bad')).toBe(0);
  expect(await schemaExists('pg_bad')).toBe(false);

  // Injection-shaped input is a sentence, not SQL.
  await field(page, 'schema').fill('x"; drop schema public cascade; --');
  await page.getByRole('button', { name: 'Create tenant' }).click();
  await expect(fieldError(page, 'schema')).toContainText('may only contain lowercase letters, digits and underscores');

  // A domain another tenant already uses: nothing of the new tenant is left behind.
  const schema = sub.replace(/-/g, '_');
  const taken = `${tenant.sub}.${hostname}`;
  await field(page, 'schema').fill(schema);
  await field(page, 'domain').fill(taken);
  await page.getByLabel('Admin email').fill('not-an-email');
  await page.getByLabel('Admin password').fill('short');
  await page.getByRole('button', { name: 'Create tenant' }).click();
  await expect(fieldError(page, 'adminEmail')).toHaveText('Admin email is not a valid address.');
  await expect(fieldError(page, 'adminPassword')).toHaveText('Admin password must be at least 8 characters.');
  await expect(field(page, 'adminPassword')).toHaveValue(''); // passwords are never sent back

  await page.getByLabel('Admin email').fill(`first@${sub}.test`);
  await page.getByLabel('Admin password').fill('long-enough-pw');
  await page.getByRole('button', { name: 'Create tenant' }).click();
  await expect(fieldError(page, 'domain')).toHaveText(`The domain '${taken}' is already in use.`);
  await expect(fieldError(page, 'schema')).toHaveCount(0);
  await expect(field(page, 'adminEmail')).toHaveValue(`first@${sub}.test`);
  await expectNoSeriousA11yViolations(page, '/admin/tenants/new with errors');
  await saveScreenshot(page, 'admin-new-tenant-errors');
  expect(await tenantCount(schema)).toBe(0);
  expect(await schemaExists(schema)).toBe(false);
  expect(await health(page.context(), taken)).toEqual({ status: 200, tenant: tenant.schema });

  // The same on a tenant's domain list: taken and malformed domains are inline errors.
  await page.goto(`/admin/tenants/${tenant.schema}`);
  await page.getByLabel('New domain').fill(taken);
  await page.getByRole('button', { name: 'Add domain' }).click();
  await expect(fieldError(page, 'domain')).toHaveText(`The domain '${taken}' is already in use.`);
  await page.getByLabel('New domain').fill('bad domain!');
  await page.getByRole('button', { name: 'Add domain' }).click();
  await expect(fieldError(page, 'domain')).toContainText('may only contain letters, digits and hyphens');
  await expect(page.getByLabel('New domain')).toHaveValue('bad domain!');
  await expect(page.getByRole('heading', { name: 'Domains (1)' })).toBeVisible();

  // Unknown or malformed tenant names in the URL are a 404 inside the admin chrome.
  const res = await page.goto('/admin/tenants/no_such_tenant_here');
  expect(res?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'No such tenant or page' })).toBeVisible();
  expect((await page.goto('/admin/tenants/pg_catalog'))?.status()).toBe(404);
});

test('suspend shows the suspended page on the tenant host; resume; delete with typed confirmation drops the schema', async ({
  page,
  context,
  superuser,
  tenant,
  env,
}) => {
  await loginAsSuperuser(page, superuser);
  await page.goto(`/admin/tenants/${tenant.schema}`);
  await expect(page.getByRole('heading', { level: 1, name: tenant.name })).toBeVisible();

  await page.getByRole('button', { name: 'Suspend tenant…' }).click();
  await page.getByRole('button', { name: 'Yes, suspend tenant' }).click();
  await expect(page.getByText('Tenant suspended: its hosts now show the suspended page.')).toBeVisible();
  await expect(page.locator('[data-status="suspended"]')).toBeVisible();
  const visitor = await context.browser()!.newContext();
  const vp = await visitor.newPage();
  await vp.goto(`${tenant.url}/`);
  await expect(vp).toHaveURL(`${tenant.url}/suspended`);
  await expect(vp.getByRole('heading', { level: 1 })).toHaveText(`${tenant.name} is suspended`);
  await page.goto(`/admin?q=${tenant.sub}`);
  await expect(page.locator(`tr[data-schema="${tenant.schema}"] [data-status="suspended"]`)).toHaveText('Suspended');

  await page.goto(`/admin/tenants/${tenant.schema}`);
  await page.getByRole('button', { name: 'Resume tenant' }).click();
  await expect(page.getByText('Tenant resumed')).toBeVisible();
  await expect(page.locator('[data-status="suspended"]')).toHaveCount(0);
  await vp.goto(`${tenant.url}/`);
  await expect(vp).toHaveURL(`${tenant.url}/login`);

  // Delete: a wrong confirmation is refused inline and deletes nothing.
  await page.getByLabel(`Type ${tenant.schema} to confirm`).fill('not-the-name');
  await page.getByRole('button', { name: 'Delete tenant and all its data' }).click();
  await expect(fieldError(page, 'confirm')).toHaveText('Type the schema name exactly to confirm the deletion.');
  await expect(field(page, 'confirm')).toHaveValue('not-the-name');
  expect(await tenantCount(tenant.schema)).toBe(1);
  await saveScreenshot(page, 'admin-delete-confirm-error');

  await page.getByLabel(`Type ${tenant.schema} to confirm`).fill(tenant.schema);
  await page.getByRole('button', { name: 'Delete tenant and all its data' }).click();
  await expect(page).toHaveURL(`${env.rootURL}/admin?deleted=${tenant.schema}`);
  await expect(page.getByText(`Tenant ${tenant.schema} was deleted with its schema and all its data.`)).toBeVisible();
  expect(await tenantCount(tenant.schema)).toBe(0);
  expect(await schemaExists(tenant.schema)).toBe(false);
  expect((await health(visitor, tenant.host.split(':')[0]!)).status).toBe(404);
  await visitor.close();
});

test('the migrations page shows each tenant’s state and runs pending tenant migrations', async ({ page, superuser, tenant }) => {
  const failing = await provisionTestTenant();
  // One tenant recorded one migration behind, another recorded as failed.
  const rows = await db()
    .selectFrom('public.tenants')
    .select(['schema_name', 'migration_version'])
    .where('schema_name', '=', tenant.schema)
    .execute();
  const latest = rows[0]!.migration_version!;
  await db()
    .updateTable('public.tenants')
    .set({ migration_version: '2026_11_22_002_create_polls' })
    .where('schema_name', '=', tenant.schema)
    .execute();
  await db()
    .updateTable('public.tenants')
    .set({ migration_status: 'failed', migration_error: 'simulated failure for the e2e test' })
    .where('schema_name', '=', failing.schema)
    .execute();

  await loginAsSuperuser(page, superuser);
  await adminNav(page).getByRole('link', { name: 'Migrations' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Migrations' })).toBeVisible();
  await expect(adminNav(page).getByRole('link', { name: 'Migrations' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByText(latest).first()).toBeVisible();
  const attention = page.getByTestId('attention');
  await expect(attention.locator(`tr[data-schema="${tenant.schema}"] [data-migration-state]`)).toHaveText('Behind');
  await expect(attention.locator(`tr[data-schema="${failing.schema}"] [data-migration-state]`)).toHaveText('Failed');
  await expect(attention.locator(`tr[data-schema="${failing.schema}"]`)).toContainText('simulated failure for the e2e test');
  expect(Number(await page.getByTestId('count-behind').textContent())).toBeGreaterThanOrEqual(1);
  await expectNoSeriousA11yViolations(page, '/admin/migrations');
  await saveScreenshot(page, 'admin-migrations');

  // One tenant from its own row: only that one is migrated, the behind one stays listed.
  const failingRow = attention.locator(`tr[data-schema="${failing.schema}"]`);
  await failingRow.getByRole('button', { name: `Migrate ${failing.schema}` }).click();
  await expect(failingRow).toHaveCount(0);
  await expect(attention.locator(`tr[data-schema="${tenant.schema}"] [data-migration-state]`)).toHaveText('Behind');
  const failingNow = await db()
    .selectFrom('public.tenants')
    .select(['migration_version', 'migration_status'])
    .where('schema_name', '=', failing.schema)
    .executeTakeFirstOrThrow();
  expect(failingNow).toMatchObject({ migration_version: latest, migration_status: 'ok' });

  await page.getByRole('button', { name: 'Run pending tenant migrations' }).click();
  const results = page.getByTestId('migration-results');
  await expect(results.locator(`tr[data-schema="${tenant.schema}"]`)).toContainText('Up to date');
  await expect(page.getByText(/^Migrated \d+ of \d+ tenants?\.$/)).toBeVisible();
  await expect(page.locator(`[data-testid="attention"] tr[data-schema="${tenant.schema}"]`)).toHaveCount(0);
  await saveScreenshot(page, 'admin-migrations-after-run');

  const after = await db()
    .selectFrom('public.tenants')
    .select(['schema_name', 'migration_version', 'migration_status'])
    .where('schema_name', 'in', [tenant.schema, failing.schema])
    .execute();
  for (const r of after) expect(r).toMatchObject({ migration_version: latest, migration_status: 'ok' });

  // Nothing left to do: a second run says so.
  await page.reload();
  await page.getByRole('button', { name: 'Run pending tenant migrations' }).click();
  await expect(page.getByText(/Nothing to do: every tenant is up to date\.|^Migrated \d+ of \d+ tenants?\.$/)).toBeVisible();
});

test('the pool page shows PgBouncer pools and PostgreSQL connections, never a password', async ({ page, superuser, env }) => {
  await loginAsSuperuser(page, superuser);
  await adminNav(page).getByRole('link', { name: 'Pool' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Connection pool' })).toBeVisible();
  const throughBouncer = env.pooledUrl !== env.directUrl;
  if (throughBouncer) {
    await expect(page.getByTestId('pooler')).toContainText('PgBouncer');
    await expect(page.getByTestId('pgbouncer-pools')).toContainText('quorum');
    await expect(page.getByTestId('pgbouncer-pools')).toContainText('transaction');
    await expect(page.getByTestId('pgbouncer-stats')).toBeVisible();
    await expect(page.getByText('pool_mode')).toBeVisible();
  } else {
    await expect(page.getByTestId('pooler')).toHaveText('No PgBouncer');
    await expect(page.getByText('there is no PgBouncer in front of the app')).toBeVisible();
  }
  await expect(page.getByTestId('pg-by-state')).toBeVisible();
  expect(Number(await page.getByTestId('pg-total').textContent())).toBeGreaterThan(0);
  const html = await page.content();
  for (const u of [env.pooledUrl, env.directUrl]) {
    const pw = decodeURIComponent(new URL(u).password);
    expect(pw.length).toBeGreaterThan(0);
    expect(html).not.toContain(pw);
  }
  await expect(page.getByTestId('pooled-target')).toHaveText(/^quorum@127\.0\.0\.1:\d+\/quorum$/);
  await expectNoSeriousA11yViolations(page, '/admin/pool');
  await saveScreenshot(page, 'admin-pool');
});

test('search, sort and pagination live in the URL', async ({ page, superuser, env }) => {
  const prefix = uniqueSub('pag');
  await Promise.all(['a', 'b', 'c'].map((s) => provisionTestTenant({ sub: `${prefix}-${s}`, name: `Paged ${s.toUpperCase()} ${prefix}` })));
  await loginAsSuperuser(page, superuser);

  // The search form (GET): search, sort by name ascending.
  await page.getByLabel('Search').fill(prefix);
  await page.getByLabel('Sort by').selectOption('name');
  await page.getByLabel('Order').selectOption('asc');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(new RegExp(`/admin\\?q=${prefix}&sort=name&dir=asc$`));
  // The tenants table's rows (the dashboard's charts above it have data tables of their own).
  const tenantRows = page.getByRole('region', { name: 'Tenants table' }).locator('tbody tr');
  await expect(tenantRows).toHaveCount(3);
  await expect(page.getByTestId('page-summary')).toContainText('Showing 1–3 of 3');

  // Two per page.
  await page.goto(`/admin?q=${prefix}&sort=name&per=2`);
  const names = tenantRows.locator('td:first-child');
  await expect(names).toHaveText([`Paged A ${prefix}`, `Paged B ${prefix}`]);
  await expect(page.getByTestId('page-summary')).toContainText('Showing 1–2 of 3');
  await page.getByRole('link', { name: 'Next page' }).click();
  await expect(page).toHaveURL(new RegExp(`page=2`));
  await expect(names).toHaveText([`Paged C ${prefix}`]);
  await page.getByRole('link', { name: 'Previous page' }).click();
  await expect(names).toHaveText([`Paged A ${prefix}`, `Paged B ${prefix}`]);

  // The Name header reverses the order and says so.
  await expect(page.getByRole('columnheader', { name: /Name/ })).toHaveAttribute('aria-sort', 'ascending');
  await page.getByRole('link', { name: /^Name\s?, sorted ascending/ }).click();
  await expect(page.getByRole('columnheader', { name: /Name/ })).toHaveAttribute('aria-sort', 'descending');
  await expect(names).toHaveText([`Paged C ${prefix}`, `Paged B ${prefix}`]);

  // Search by domain and by schema.
  const hostname = env.rootDomain.split(':')[0]!;
  await page.goto(`/admin?q=${encodeURIComponent(`${prefix}-b.${hostname}`)}`);
  await expect(names).toHaveText([`Paged B ${prefix}`]);
  await page.goto(`/admin?q=${prefix.replace(/-/g, '_')}_c`);
  await expect(names).toHaveText([`Paged C ${prefix}`]);
  // Nothing matches: a sentence and a way back. Bad parameters fall back to defaults.
  await page.goto(`/admin?q=zz-nothing-${prefix}&sort=bogus&page=-3&per=99999`);
  await expect(page.getByTestId('no-tenants')).toContainText('No tenant matches');
});

test('a tenant user’s session, or none, is refused on /admin and by its actions', async ({ browser, page, tenant, env, superuser }) => {
  // Anonymous: every admin page sends to the root login with a way back.
  for (const path of ['/admin', '/admin/tenants/new', `/admin/tenants/${tenant.schema}`, '/admin/migrations', '/admin/pool']) {
    await page.goto(path);
    await expect(page, path).toHaveURL(
      new RegExp(`/login\\?callbackUrl=${encodeURIComponent(path).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
    );
  }

  // A tenant admin's session cookie, replayed on the root host, is not a superuser session.
  await login(page, tenant.url, tenant.admin.email, tenant.admin.password, '/');
  const cookie = (await page.context().cookies(tenant.url)).find((c) => c.name.includes('next-auth.session-token'));
  expect(cookie).toBeDefined();
  const intruder = await browser.newContext();
  await intruder.addCookies([
    { name: cookie!.name, value: cookie!.value, domain: 'localhost', path: '/', httpOnly: true, sameSite: 'Lax' },
  ]);
  const p = await intruder.newPage();
  await p.goto(`${env.rootURL}/admin`);
  await expect(p).toHaveURL(`${env.rootURL}/login?callbackUrl=%2Fadmin`);
  await expect(p.getByRole('heading', { name: 'Log in to Quorum' })).toBeVisible();
  await p.goto(`${env.rootURL}/admin/pool`);
  await expect(p).toHaveURL(`${env.rootURL}/login?callbackUrl=%2Fadmin%2Fpool`);
  await intruder.close();

  // /admin does not exist on a tenant host, whoever asks.
  const res = await page.goto(`${tenant.url}/admin`);
  expect(res?.status()).toBe(404);

  // Actions check the session themselves: a delete form opened by the superuser, submitted once
  // the root cookie is replaced by the tenant's, is refused and deletes nothing.
  await page.context().clearCookies();
  await login(page, '', superuser.email, superuser.password, '/admin');
  await page.goto(`/admin/tenants/${tenant.schema}`);
  await page.getByLabel(`Type ${tenant.schema} to confirm`).fill(tenant.schema);
  await page.context().clearCookies();
  await page
    .context()
    .addCookies([{ name: cookie!.name, value: cookie!.value, domain: 'localhost', path: '/', httpOnly: true, sameSite: 'Lax' }]);
  await page.getByRole('button', { name: 'Delete tenant and all its data' }).click();
  await expect(page).toHaveURL(new RegExp(`^${env.rootURL}/login`));
  expect(await tenantCount(tenant.schema)).toBe(1);
  expect(await schemaExists(tenant.schema)).toBe(true);
});

test('the admin chrome works by keyboard and on a phone; sign out ends the session', async ({ page, superuser, env }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await loginAsSuperuser(page, superuser);
  const t = await provisionTestTenant(); // at least one row in the table
  await page.reload();
  await expect(page.getByRole('region', { name: 'Tenants table' }).locator('tbody tr').first()).toBeVisible();
  // The wide table scrolls inside its own region; the page itself never scrolls sideways.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await expectNoSeriousA11yViolations(page, '/admin (phone)');
  await saveScreenshot(page, 'admin-tenants-phone');

  // Keyboard: skip link first, then the navigation in order.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  const migrations = adminNav(page).getByRole('link', { name: 'Migrations' });
  for (let i = 0; i < 8 && !(await migrations.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(migrations).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(`${env.rootURL}/admin/migrations`);
  await expect(migrations).toHaveAttribute('aria-current', 'page');

  for (const path of ['/admin/migrations', '/admin/pool', `/admin/tenants/${t.schema}`]) {
    await page.goto(path);
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `${path} on a phone`).toBeLessThanOrEqual(390);
  }
  await page.goto('/admin/tenants/new');
  await expectNoSeriousA11yViolations(page, '/admin/tenants/new (phone)');
  await saveScreenshot(page, 'admin-new-tenant-phone');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(`${env.rootURL}/login`);
  await page.goto('/admin');
  await expect(page).toHaveURL(`${env.rootURL}/login?callbackUrl=%2Fadmin`);
});
