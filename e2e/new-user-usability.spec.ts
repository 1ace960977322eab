// What a new user tripped over on first use (signup, polls, users, domains, narrow screens): one test per item (or a close pair).
import {
  addPoll,
  addTenantUser,
  browserJson,
  expect,
  expectNoSeriousA11yViolations,
  login,
  provisionTestTenant,
  tenantURL,
  test,
  uniqueSub,
} from './fixtures';
import type { Page } from '@playwright/test';

test('1. "Your poll is live" is for the creator only and leaves the address; "Tenant created" goes after the next action', async ({
  page,
  browser,
  tenant,
  superuser,
}) => {
  const memberEmail = `member@${tenant.sub}.test`;
  await addTenantUser(tenant, { email: memberEmail, password: 'member-password', role: 'member' });
  await login(page, tenant.url, tenant.admin.email, tenant.admin.password, '/');
  await page.goto(`${tenant.url}/polls/new`);
  await page.getByLabel('Question').fill('Where do we meet?');
  await page.getByLabel('Choice 1', { exact: true }).fill('Here');
  await page.getByLabel('Choice 2', { exact: true }).fill('There');
  await page.getByRole('button', { name: 'Create poll' }).click();
  await expect(page.getByText('Your poll is live')).toBeVisible();
  // The flag leaves the address bar, so the address the creator copies carries no banner.
  await expect(page).toHaveURL(/\/polls\/\d+$/);
  const id = new URL(page.url()).pathname.split('/').pop();

  // Someone else opening a link that still has ?created=1 sees no "share this page".
  const other = await browser.newContext();
  const p2 = await other.newPage();
  await login(p2, tenant.url, memberEmail, 'member-password', '/');
  await p2.goto(`${tenant.url}/polls/${id}?created=1`);
  await expect(p2.getByRole('heading', { level: 1 })).toHaveText('Where do we meet?');
  await expect(p2.getByText('Your poll is live')).toHaveCount(0);
  await other.close();

  // Superuser: the "Tenant created" banner does not survive a later action on the page.
  const admin = await browser.newContext();
  const a = await admin.newPage();
  await login(a, '', superuser.email, superuser.password);
  await a.goto(`/admin/tenants/${tenant.schema}?created=1`);
  await expect(a.getByText('Tenant created')).toBeVisible();
  await expect(a).toHaveURL(new RegExp(`/admin/tenants/${tenant.schema}$`));
  await a.getByRole('form', { name: 'Tenant settings' }).getByLabel('Name').fill(`${tenant.name} renamed`);
  await a.getByRole('button', { name: 'Save changes' }).click();
  await expect(a.getByRole('heading', { level: 1 })).toHaveText(`${tenant.name} renamed`);
  await expect(a.getByText('Tenant created')).toHaveCount(0);
  await admin.close();
});

test('2. a 200-character unbroken name or domain does not widen the admin table or the tenant page', async ({ page, superuser }) => {
  const sub = uniqueSub('long');
  const long = await provisionTestTenant({ sub, name: `${sub}${'x'.repeat(200 - sub.length)}` });
  await login(page, '', superuser.email, superuser.password);
  await page.goto(`/admin?q=${sub}`);
  const region = page.getByRole('region', { name: 'Tenants table' });
  await expect(region.locator(`tr[data-schema="${long.schema}"]`)).toBeVisible();
  const table = await region.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
  expect(table.scroll, 'the table fits its box at 1280 px').toBeLessThanOrEqual(table.client + 1);
  // An ordinary domain stays on one line.
  const cell = region.locator(`tr[data-schema="${long.schema}"] [data-testid="primary-domain"] span`);
  const lines = await cell.evaluate((el) => Math.round(el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight)));
  expect(lines).toBe(1);

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/admin/tenants/${long.schema}`);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, 'the tenant page fits 390 px').toBeLessThanOrEqual(390);
  await expectNoSeriousA11yViolations(page, 'tenant page with a long name at 390 px');
});

test('3. removing a domain confirms it and clears the stale "already in use" error', async ({ page, superuser, tenant, env }) => {
  const other = await provisionTestTenant();
  await login(page, '', superuser.email, superuser.password);
  await page.goto(`/admin/tenants/${tenant.schema}`);
  const extra = `${tenant.sub}-extra.${env.rootDomain.split(':')[0]}`;
  const add = page.getByRole('form', { name: 'Add a domain' });
  await add.getByLabel('New domain').fill(extra);
  await add.getByRole('button', { name: 'Add domain' }).click();
  await expect(page.locator(`li[data-domain="${extra}"]`)).toBeVisible();
  const taken = `${other.sub}.${env.rootDomain.split(':')[0]}`;
  await add.getByLabel('New domain').fill(taken);
  await add.getByRole('button', { name: 'Add domain' }).click();
  await expect(page.getByText(`The domain '${taken}' is already in use.`)).toHaveCount(1);

  const row = page.locator(`li[data-domain="${extra}"]`);
  await row.getByRole('button', { name: /^Remove/ }).click();
  await row.getByRole('button', { name: /^Yes, remove/ }).click();
  await expect(page.locator(`li[data-domain="${extra}"]`)).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: `${extra} removed.` })).toBeVisible();
  await expect(page.getByText(`The domain '${taken}' is already in use.`)).toHaveCount(0);
});

test('4+5. signup: a taken subdomain is said once, the password stays, and a too-long subdomain is refused, not cut', async ({ page }) => {
  const existing = await provisionTestTenant();
  await page.goto('/signup');
  await page.getByLabel('Organisation name').fill('Late Comers');
  await page.getByLabel('Subdomain').fill(existing.sub);
  await page.getByLabel(/Your email/).fill('late@example.test');
  await page.getByLabel('Password').fill('long-enough-password');
  await page.getByRole('button', { name: 'Create organisation' }).click();
  const taken = `'${existing.sub}' is already taken; please choose another subdomain.`;
  await expect(page.locator('#field-subdomain-error')).toHaveText(taken);
  await expect(page.getByText('Someone else just took')).toHaveCount(0);
  await expect(page.getByText(taken, { exact: true })).toHaveCount(1);
  await expect(page.getByLabel('Password')).toHaveValue('long-enough-password');

  const tooLong = `a${'b'.repeat(299)}`;
  await page.getByLabel('Subdomain').fill(tooLong);
  await expect(page.getByLabel('Subdomain')).toHaveValue(tooLong);
  await page.getByRole('button', { name: 'Create organisation' }).click();
  await expect(page.locator('#field-subdomain-error')).toHaveText('Subdomain is longer than 63 characters.');
  await expect(page.getByLabel('Subdomain')).toHaveValue(tooLong);
});

test('6. voting without a choice shows our sentence, not the browser tooltip', async ({ page, tenant }) => {
  const id = await addPoll(tenant, tenant.admin.email, { question: 'Tea or coffee?', choices: ['Tea', 'Coffee'] });
  await login(page, tenant.url, tenant.admin.email, tenant.admin.password, '/');
  await page.goto(`${tenant.url}/polls/${id}`);
  await page.getByRole('button', { name: 'Vote' }).click();
  // One message, at the choices (issue 24, item 22).
  await expect(page.locator('#vote-error')).toHaveText('Choose one of the answers before voting.');
  await expect(page.getByText('Choose one of the answers before voting.')).toHaveCount(1);
});

test('7. the nav marks the current page, a poll is titled by its question, and there is a favicon', async ({ page, tenant }) => {
  const id = await addPoll(tenant, tenant.admin.email, { question: 'Which room?', choices: ['A', 'B'] });
  await login(page, tenant.url, tenant.admin.email, tenant.admin.password, '/');
  const nav = page.getByRole('navigation', { name: 'Organisation' });
  await expect(nav.getByRole('link', { name: 'Polls' })).toHaveAttribute('aria-current', 'page');
  await page.goto(`${tenant.url}/users`);
  await expect(nav.getByRole('link', { name: 'Users' })).toHaveAttribute('aria-current', 'page');
  await expect(nav.getByRole('link', { name: 'Polls' })).not.toHaveAttribute('aria-current', 'page');
  await page.goto(`${tenant.url}/polls/new`);
  await expect(nav.getByRole('link', { name: 'New poll' })).toHaveAttribute('aria-current', 'page');
  await page.goto(`${tenant.url}/polls/${id}`);
  await expect(page).toHaveTitle(`Which room? · ${tenant.name}`);
  await page.goto(`${tenant.url}/polls/${id}/edit`);
  await expect(page).toHaveTitle(`Edit: Which room? · ${tenant.name}`);
  const icon = await page.locator('link[rel="icon"]').first().getAttribute('href');
  expect(icon).toBeTruthy();
  // The icon answers on the root host (where Next serves it).
  const res = await page.request.get(`/${icon!.replace(/^\//, '')}`);
  expect(res.status()).toBe(200);
});

test('8. phone width: the users table says it scrolls; signup shows the port; the landing example is this installation', async ({
  page,
  tenant,
  env,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await login(page, tenant.url, tenant.admin.email, tenant.admin.password, '/');
  await page.goto(`${tenant.url}/users`);
  await expect(page.getByTestId('scroll-cue')).toBeVisible();
  await page.goto('/signup');
  await expect(page.getByText(`.${env.rootDomain}`, { exact: true })).toBeVisible();
  await page.goto('/');
  await expect(page.getByTestId('example-address')).toHaveText(`your-team.${env.rootDomain}`);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});

test('9. /sites on the root host is a 404 page for browsers; an unknown tenant host offers its free name', async ({ page, env }) => {
  const res = await page.goto('/sites/acme.localhost/polls');
  expect(res?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('We couldn’t find that page');
  const free = uniqueSub('free');
  await page.goto(`http://${free}.${env.rootDomain}/`);
  await expect(page.getByTestId('name-free')).toContainText(`${free} is free`);
  await page.getByRole('link', { name: 'Sign up your organisation with it' }).click();
  await expect(page.getByLabel('Subdomain')).toHaveValue(free);
  // A taken name is not offered.
  const taken = await provisionTestTenant();
  await page.goto(`http://${taken.sub}.${env.rootDomain}/no-such-page`);
  await expect(page.getByTestId('name-free')).toHaveCount(0);
});

test('10. the landing page tells member and operator logins apart', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('link', { name: 'Log in as a member' })).toBeVisible();
  await page.getByRole('link', { name: 'Operator log in' }).last().click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByText(/Operator log in, for the people who run/)).toBeVisible();
});

test('13. the polls page searches and pages', async ({ page, tenant }) => {
  for (let i = 1; i <= 23; i++)
    await addPoll(tenant, tenant.admin.email, { question: `Question number ${i}${i === 7 ? ' about lunch' : ''}?`, choices: ['Y', 'N'] });
  await login(page, tenant.url, tenant.admin.email, tenant.admin.password, '/');
  const list = page.getByRole('list', { name: 'Polls' });
  await expect(list.getByRole('listitem')).toHaveCount(20);
  await page.getByRole('link', { name: 'Older polls →' }).click();
  await expect(list.getByRole('listitem')).toHaveCount(3);
  await expect(page.getByRole('link', { name: 'Older polls →' })).toHaveCount(0);
  await page.getByRole('link', { name: '← Newer polls' }).click();
  await expect(list.getByRole('listitem')).toHaveCount(20);
  await page.getByLabel('Search polls').fill('LUNCH');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list).toContainText('Question number 7 about lunch?');
  await page.getByLabel('Search polls').fill('100%_nothing');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByTestId('no-match')).toHaveText('No polls match “100%_nothing”.');
  await expectNoSeriousA11yViolations(page, 'polls search');
});

test('12. public reads: anonymous API answers carry no emails; a tenant admin turns them off in Settings; signup asks', async ({
  page,
  browser,
  tenant,
}) => {
  await addPoll(tenant, tenant.admin.email, { question: 'Public question?', choices: ['A', 'B'] });
  // Anonymous (a fresh context: no cookie, no token): readable, but the author is no email.
  const anon = await (await browser.newContext()).newPage();
  const open = await browserJson(anon, `${tenant.url}/api/polls`);
  expect(open.status).toBe(200);
  const polls = (open.body as { polls: { question: string; author: string | null }[] }).polls;
  expect(polls.map((p) => p.question)).toContain('Public question?');
  expect(JSON.stringify(open.body)).not.toContain('@');

  await login(page, tenant.url, tenant.admin.email, tenant.admin.password, '/');
  await page.getByRole('navigation', { name: 'Organisation' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('link', { name: 'Settings' })).toHaveAttribute('aria-current', 'page');
  await page.getByLabel('Only people with an account here').check();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved.')).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'tenant settings');
  await expect.poll(async () => (await browserJson(anon, `${tenant.url}/api/polls`)).status, { timeout: 10_000 }).toBe(401);
  expect(((await browserJson(anon, `${tenant.url}/api/polls`)).body as { error: string }).error).toMatch(/not public/);

  // Signup asks; the answer is stored.
  const sub = uniqueSub('pub');
  await anon.goto('/signup');
  await anon.getByLabel('Organisation name').fill('Open Books');
  await anon.getByLabel('Subdomain').fill(sub);
  await anon.getByLabel(/Your email/).fill(`owner@${sub}.test`);
  await anon.getByLabel('Password').fill('open-books-password');
  await expect(anon.getByLabel('Only people with an account here')).toBeChecked();
  await anon.getByLabel('Anyone with the address').check();
  await anon.getByRole('button', { name: 'Create organisation' }).click();
  // Signup ends signed in on the new host (issue 24, item 14); the API answers anyone there.
  await anon.waitForURL(/\/\?welcome=1$/);
  expect((await browserJson(anon, `${tenantURL(sub)}/api/polls`)).status).toBe(200);
});

/** A row action button ("Make admin: x@y", where the email is visually hidden). */
function rowButton(page: Page, label: string, email: string) {
  return page.getByRole('button', { name: new RegExp(`^${label}\\s*:\\s*${email.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) });
}

test('11. users: change role, reset a password, remove (votes stay), and the last admin is kept', async ({ page, browser, tenant }) => {
  const memberEmail = `member@${tenant.sub}.test`;
  await addTenantUser(tenant, { email: memberEmail, password: 'member-password', role: 'member' });
  const id = await addPoll(tenant, tenant.admin.email, { question: 'Keep my vote?', choices: ['Yes', 'No'] });
  const m = await (await browser.newContext()).newPage();
  await login(m, tenant.url, memberEmail, 'member-password', '/');
  await m.goto(`${tenant.url}/polls/${id}`);
  await m.getByRole('radio', { name: 'Yes' }).check();
  await m.getByRole('button', { name: 'Vote' }).click();
  await expect(m.getByTestId('already-voted')).toBeVisible();

  await login(page, tenant.url, tenant.admin.email, tenant.admin.password, '/');
  await page.goto(`${tenant.url}/users`);
  // The only admin cannot demote themself.
  await rowButton(page, 'Make member…', tenant.admin.email).click();
  await expect(page.getByText('An organisation needs at least one admin')).toBeVisible();
  // Promote the member, then back.
  await rowButton(page, 'Make admin', memberEmail).click();
  await expect(page.getByText(`${memberEmail} is now an admin.`)).toBeVisible();
  await rowButton(page, 'Make member', memberEmail).click();
  await expect(page.getByText(`${memberEmail} is now a member.`)).toBeVisible();
  // Reset the member's password: the new one works.
  await rowButton(page, 'Reset password', memberEmail).click();
  await page.getByRole('textbox', { name: `New password for ${memberEmail}` }).fill('brand-new-password');
  await page.getByRole('button', { name: 'Set password', exact: true }).click();
  await expect(page.getByText(`New password set for ${memberEmail}`)).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'users with actions');
  const fresh = await (await browser.newContext()).newPage();
  await login(fresh, tenant.url, memberEmail, 'brand-new-password', '/');
  // Remove: confirmed, and the vote still counts.
  await page.getByRole('button', { name: `Remove ${memberEmail}` }).click();
  await page.getByRole('button', { name: `Yes, remove ${memberEmail}` }).click();
  await expect(page.getByText(`${memberEmail} was removed.`)).toBeVisible();
  await expect(page.getByRole('region', { name: 'Users' })).not.toContainText(memberEmail);
  await page.goto(`${tenant.url}/polls/${id}`);
  await expect(page.getByTestId('total-votes')).toHaveText('1 vote in total');
});
