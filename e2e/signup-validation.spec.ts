import { expect, formAlert, provisionTestTenant, readEnvFile, tenantCount, tenantURL, test, uniqueSub } from './fixtures';

test('the subdomain is checked live: reserved words, DNS-label rules, names already taken', async ({ page, env }) => {
  const existing = await provisionTestTenant();
  await page.goto('/signup');
  const sub = page.getByLabel('Subdomain');
  const status = page.locator('#field-subdomain-status');

  for (const reserved of ['www', 'admin', 'api', 'public']) {
    await sub.fill(reserved);
    await expect(status, reserved).toHaveText(`Subdomain '${reserved}' is reserved; please choose another.`);
  }
  await sub.fill('bad_name');
  await expect(status).toHaveText('Subdomain may only contain letters, digits and hyphens.');
  await sub.fill('-edge');
  await expect(status).toHaveText('Subdomain may not start or end with a hyphen.');
  await sub.fill('9lives');
  await expect(status).toHaveText('Subdomain must start with a letter.');
  await sub.fill(existing.sub);
  await expect(status).toHaveText(`'${existing.sub}' is already taken; please choose another subdomain.`);
  const fresh = uniqueSub('free');
  await sub.fill(fresh);
  await expect(status).toHaveText(`${fresh}.${env.rootDomain} is available.`);
});

test('invalid submissions explain every field and keep what was typed', async ({ page }) => {
  await page.goto('/signup');
  await page.getByLabel('Organisation name').fill('Keep Me Ltd');
  await page.getByLabel('Subdomain').fill('admin');
  await page.getByLabel(/Your email/).fill('not-an-email');
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Create organisation' }).click();
  await expect(formAlert(page).first()).toHaveText('Please fix the 3 highlighted fields.');
  await expect(page.locator('#field-subdomain-error')).toHaveText("Subdomain 'admin' is reserved; please choose another.");
  await expect(page.locator('#field-email-error')).toHaveText('Enter a valid email address.');
  await expect(page.locator('#field-password-error')).toHaveText('Password must be at least 8 characters.');
  await expect(page.getByLabel('Organisation name')).toHaveValue('Keep Me Ltd');
  await expect(page.getByLabel('Subdomain')).toHaveValue('admin');
  await expect(page.getByLabel(/Your email/)).toHaveValue('not-an-email');
  await expect(page.getByLabel('Subdomain')).toHaveAttribute('aria-invalid', 'true');
});

test('two visitors racing for the same subdomain: one organisation, a clear message for the other', async ({ browser }) => {
  const sub = uniqueSub('race');
  const contexts = await Promise.all([browser.newContext(), browser.newContext()]);
  const pages = await Promise.all(contexts.map((c) => c.newPage()));
  await Promise.all(
    pages.map(async (p, i) => {
      await p.goto('/signup');
      await p.getByLabel('Organisation name').fill(`Racer ${i}`);
      await p.getByLabel('Subdomain').fill(sub);
      await expect(p.locator('#field-subdomain-status')).toHaveText(`${sub}.${readEnvFile().rootDomain} is available.`);
      await p.getByLabel(/Your email/).fill(`racer${i}@example.test`);
      await p.getByLabel('Password').fill('racing-password');
    }),
  );
  await Promise.all(pages.map((p) => p.getByRole('button', { name: 'Create organisation' }).click()));

  const origin = tenantURL(sub);
  const outcomes = await Promise.all(
    pages.map(async (p) => {
      await expect(p.getByTestId('nav-email').or(p.locator('#field-subdomain-error'))).toBeVisible();
      return p.url().startsWith(`${origin}/`) ? 'won' : 'lost';
    }),
  );
  expect([...outcomes].sort()).toEqual(['lost', 'won']);
  const loser = pages[outcomes.indexOf('lost')];
  await expect(loser.locator('#field-subdomain-error')).toHaveText(`'${sub}' is already taken; please choose another subdomain.`);
  await expect(loser.getByLabel('Organisation name')).not.toHaveValue('');
  expect(await tenantCount(sub.replace(/-/g, '_'))).toBe(1);
  await Promise.all(contexts.map((c) => c.close()));
});

test('a double click on submit creates one organisation', async ({ page }) => {
  const sub = uniqueSub('dbl');
  await page.goto('/signup');
  await page.getByLabel('Organisation name').fill('Double Click Co');
  await page.getByLabel('Subdomain').fill(sub);
  await page.getByLabel(/Your email/).fill('twice@example.test');
  await page.getByLabel('Password').fill('double-password');
  const button = page.getByRole('button', { name: 'Create organisation' });
  await button.dblclick();
  await page.waitForURL(`${tenantURL(sub)}/?welcome=1`);
  await expect(page.getByTestId('nav-email')).toHaveText('twice@example.test');
  await expect(page.getByText('Your organisation is ready')).toBeVisible();
  expect(await tenantCount(sub.replace(/-/g, '_'))).toBe(1);
});
