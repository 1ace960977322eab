// Issue 24 "What a new user tripped over", polish items 14 (signup), 21, 22, 24, 25: one test per
// finding, named by its item.
import type { Page } from '@playwright/test';
import { addPoll, expect, expectNoSeriousA11yViolations, formAlert, login, provisionTestTenant, test, uniqueSub } from './fixtures';

async function signUp(page: Page, sub: string, email: string): Promise<void> {
  await page.goto('/signup');
  await page.getByLabel('Organisation name').fill(`Polish ${sub}`);
  await page.getByLabel('Subdomain').fill(sub);
  await page.getByLabel(/Your email/).fill(email);
  await page.getByLabel('Password').fill('correct horse battery staple');
  await page.getByRole('button', { name: 'Create organisation' }).click();
}

test('14. signup ends signed in on the polls page of the new host; the handoff link then is spent', async ({ page, env }) => {
  const sub = uniqueSub('handoff');
  const origin = `http://${sub}.${env.rootDomain}`;
  const handoffs: string[] = [];
  page.on('request', (r) => {
    if (r.url().startsWith(`${origin}/welcome?`)) handoffs.push(r.url());
  });
  await signUp(page, sub, `founder@${sub}.test`);
  await page.waitForURL(`${origin}/?welcome=1`);
  await expect(page.getByRole('heading', { level: 1, name: 'Polls' })).toBeVisible();
  await expect(page.getByTestId('nav-email')).toHaveText(`founder@${sub}.test`);
  await expect(page.getByText('Your organisation is ready')).toBeVisible();
  await expect(page.getByLabel('Password')).toHaveCount(0);
  await expectNoSeriousA11yViolations(page, 'signed in after signup');

  // The link worked once: in a fresh browser it leads to the login page, signed out.
  expect(handoffs).toHaveLength(1);
  const other = await page.context().browser()!.newContext();
  const again = await other.newPage();
  await again.goto(handoffs[0]);
  await expect(again).toHaveURL(`${origin}/login?welcome=1`);
  await expect(again.getByLabel('Password')).toBeVisible();
  await other.close();
});

test('21. a tenant host serves the favicon', async ({ page, tenant }) => {
  // Through the browser: Chromium resolves *.localhost, Node's request context does not.
  await page.goto(`${tenant.url}/login`);
  const href = await page.locator('link[rel="icon"]').first().getAttribute('href');
  expect(href).toBeTruthy();
  for (const url of [`${tenant.url}/icon.svg`, new URL(href!, `${tenant.url}/`).toString()]) {
    const res = await page.goto(url);
    expect(res?.status(), url).toBe(200);
    expect(res?.headers()['content-type']).toContain('image/svg+xml');
  }
});

test('22. one message per error: a vote without a choice, a bad domain', async ({ page, tenant }) => {
  const id = await addPoll(tenant, tenant.admin.email, { question: 'Tea or coffee, polished?', choices: ['Tea', 'Coffee'] });
  await login(page, tenant.url, tenant.admin.email, tenant.admin.password, '/');
  await page.goto(`${tenant.url}/polls/${id}`);
  await page.getByRole('button', { name: 'Vote' }).click();
  await expect(page.locator('#vote-error')).toHaveText('Choose one of the answers before voting.');
  await expect(formAlert(page)).toHaveCount(1);

  await page.goto(`${tenant.url}/domains`);
  await page.getByRole('textbox', { name: 'Custom domain' }).fill('not a domain');
  await page.getByRole('button', { name: 'Add domain' }).click();
  await expect(page.locator('#field-domain-error')).toBeVisible();
  await expect(formAlert(page)).toHaveCount(1);

  // On a phone, the red text stays inside its box (a long domain, refused the second time).
  await page.setViewportSize({ width: 360, height: 800 });
  const long = `${'a'.repeat(60)}.${'b'.repeat(60)}.example.org`;
  for (let i = 0; i < 2; i++) {
    await page.getByRole('textbox', { name: 'Custom domain' }).fill(long);
    await page.getByRole('button', { name: 'Add domain' }).click();
    await expect(page.getByText(i === 0 ? /added, pending verification/ : /is already in use/).first()).toBeVisible();
  }
  const error = page.locator('#field-domain-error');
  await expect(error).toContainText(long);
  await expect(formAlert(page)).toHaveCount(1);
  expect(await error.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
});

test('24. a rate-limit sentence says the wait as people do ("about 15 minutes"), in the API too', async ({ page, tenant }) => {
  // The JSON API's login: the status and Retry-After (seconds) stay, the sentence is humanised.
  await page.goto(`${tenant.url}/login`);
  const limited = await page.evaluate(async (email) => {
    for (let i = 0; i < 12; i++) {
      const r = await fetch('/api/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: `wrong-${i}` }),
      });
      if (r.status === 429) return { retryAfter: r.headers.get('retry-after'), error: ((await r.json()) as { error: string }).error };
    }
    return null;
  }, tenant.admin.email);
  expect(limited, 'the API login was never limited').not.toBeNull();
  expect(Number(limited!.retryAfter)).toBeGreaterThan(60);
  expect(limited!.error).toMatch(/^Too many login attempts; try again in about 1[45] minutes\.$/);

  // The login page says the same sentence (the same account is limited on that host).
  await page.reload();
  await page.getByLabel('Email').fill(tenant.admin.email);
  await page.getByLabel('Password').fill('wrong-again');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(formAlert(page)).toHaveText(/^Too many login attempts; try again in about 1[45] minutes\.$/);
});

test('25. limits are maxlength attributes, and only the repeated choice is outlined', async ({ page, tenant }) => {
  await page.goto('/signup');
  await expect(page.getByLabel('Organisation name')).toHaveAttribute('maxlength', '200');
  await expect(page.getByLabel(/Your email/)).toHaveAttribute('maxlength', '254');

  await login(page, tenant.url, tenant.admin.email, tenant.admin.password, '/');
  await page.goto(`${tenant.url}/polls/new`);
  await expect(page.getByLabel('Question')).toHaveAttribute('maxlength', '300');
  await expect(page.getByLabel('Choice 1', { exact: true })).toHaveAttribute('maxlength', '200');
  await page.getByLabel('Question').fill('Which day?');
  await page.getByLabel('Choice 1', { exact: true }).fill('Monday');
  await page.getByLabel('Choice 2', { exact: true }).fill('Friday');
  await page.getByRole('button', { name: 'Add a choice' }).click();
  await page.getByLabel('Choice 3', { exact: true }).fill('monday');
  await page.getByRole('button', { name: 'Create poll' }).click();
  await expect(page.locator('#choices-error')).toHaveText('Choices must be different from each other.');
  await expect(page.getByLabel('Choice 1', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Choice 3', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Choice 2', { exact: true })).not.toHaveAttribute('aria-invalid', 'true');
});

test('25. the landing page’s "Log in as a member" says where members log in and leads there', async ({ page }) => {
  await page.goto('/');
  const link = page.getByRole('link', { name: 'Log in as a member' });
  await expect(link).toHaveAccessibleDescription(/Members log in at their organisation’s own address/);
  await link.click();
  await expect(page).toHaveURL(/\/find-organisation$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Find your organisation' })).toBeVisible();
});

test('25. a clone says "Tenant cloned", and Stop of an "open as" session is confirmed', async ({ page, tenant, superuser, env }) => {
  await login(page, '', superuser.email, superuser.password, '/admin');
  await page.goto(`/admin/tenants/${tenant.schema}`);
  const cloneForm = page.locator('form', { has: page.getByRole('button', { name: 'Clone tenant' }) });
  await cloneForm.getByLabel('New schema name').fill(`${tenant.schema}_twin`);
  await cloneForm.getByLabel('Primary domain of the copy').fill(`${tenant.sub}-twin.${env.rootDomain.split(':')[0]}`);
  await cloneForm.getByRole('button', { name: 'Clone tenant' }).click();
  await page.waitForURL(`**/admin/tenants/${tenant.schema}_twin?cloned=1`);
  await expect(page.getByText('Tenant cloned')).toBeVisible();
  await expect(page.getByText('Tenant created')).toHaveCount(0);

  const target = await provisionTestTenant();
  await page.goto(`/admin/tenants/${target.schema}`);
  const card = page.locator('form', { has: page.getByRole('button', { name: 'Open as this user' }) });
  await card.getByLabel('User’s email').fill(target.admin.email);
  await card.getByRole('button', { name: 'Open as this user' }).click();
  await page.waitForURL(`${target.url}/`);
  await page.getByTestId('impersonation-banner').getByRole('button', { name: 'Stop' }).click();
  await page.waitForURL(`${env.rootURL}/admin/tenants/${target.schema}?stopped=1`);
  await expect(page.getByRole('status').filter({ hasText: 'Stopped' })).toContainText(
    `You are no longer signed in to ${target.name} as one of its users`,
  );
});
