import type { Browser, Page } from '@playwright/test';
import { addTenantUser, expect, expectNoSeriousA11yViolations, login, test } from './fixtures';

// Issue 25, part 3: the language machinery in the browser. Only the footer's and the language
// settings' own words are asserted (the pages' text is translated elsewhere): the footer's switcher
// turns a page German and the choice survives a reload; a signed-in user's choice follows them to
// another browser; an organisation's default language greets its anonymous visitors; axe-clean.
test.describe.configure({ timeout: 180_000 });

const footer = (page: Page) => page.getByTestId('language-footer');

async function switchTo(page: Page, label: 'Language' | 'Sprache', language: 'Deutsch' | 'English') {
  await footer(page).getByLabel(label, { exact: true }).selectOption({ label: language });
  await footer(page)
    .getByRole('button', { name: label === 'Language' ? 'Change language' : 'Sprache ändern' })
    .click();
}

async function expectGerman(page: Page) {
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expect(footer(page).getByRole('button', { name: 'Sprache ändern' })).toBeVisible();
  await expect(footer(page).getByLabel('Sprache', { exact: true })).toHaveValue('de');
}

async function newPage(browser: Browser, opts: { javaScriptEnabled?: boolean } = {}) {
  const context = await browser.newContext(opts);
  return { context, page: await context.newPage() };
}

test('a visitor switches to Deutsch in the footer; it stays after a reload; axe-clean', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await switchTo(page, 'Language', 'Deutsch');
  await expectGerman(page);
  await page.reload();
  await expectGerman(page);
  await expectNoSeriousA11yViolations(page, 'root landing in German');
  await page.goto('/does-not-exist');
  await expectGerman(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Diese Seite haben wir nicht gefunden');
  await expectNoSeriousA11yViolations(page, '404 in German');
  // And back.
  await switchTo(page, 'Sprache', 'English');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(footer(page).getByRole('button', { name: 'Change language' })).toBeVisible();
});

test('the switcher works without JavaScript', async ({ browser, env }) => {
  const { context, page } = await newPage(browser, { javaScriptEnabled: false });
  await page.goto(`${env.rootURL}/`);
  await switchTo(page, 'Language', 'Deutsch');
  await expectGerman(page);
  await page.goto(`${env.rootURL}/`);
  await expectGerman(page);
  await context.close();
});

test('a user’s choice follows them to another browser', async ({ browser, tenant }) => {
  const member = { email: `member@${tenant.sub}.test`, password: 'violet-harbour-quill-25' };
  await addTenantUser(tenant, member);
  const first = await newPage(browser);
  await login(first.page, tenant.url, member.email, member.password);
  await expect(first.page.locator('html')).toHaveAttribute('lang', 'en');
  await switchTo(first.page, 'Language', 'Deutsch');
  await expectGerman(first.page);
  await first.context.close();

  // Another browser: no language cookie; the login page is in the organisation's language (English).
  const second = await newPage(browser);
  await login(second.page, tenant.url, member.email, member.password);
  await expectGerman(second.page);
  await expectNoSeriousA11yViolations(second.page, 'polls page in the user’s German');
  await second.page.reload();
  await expectGerman(second.page);
  await second.context.close();
});

test('an organisation’s default language greets its anonymous visitors', async ({ browser, page, tenant }) => {
  await login(page, tenant.url, tenant.admin.email, tenant.admin.password);
  await page.goto(`${tenant.url}/settings`);
  const form = page.getByTestId('default-locale-form');
  await expect(page.getByRole('heading', { name: 'Default language' })).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'settings with the default language');
  await form.getByLabel('Language of the organisation').selectOption('de');
  await form.getByRole('button', { name: 'Save default language' }).click();
  // The admin chose no language of their own: the page follows the organisation's new default.
  await expect(page.getByText('Standardsprache gespeichert.')).toBeVisible();

  const visitor = await newPage(browser);
  await visitor.page.goto(`${tenant.url}/login`);
  await expectGerman(visitor.page);
  await expectNoSeriousA11yViolations(visitor.page, 'login in the organisation’s German');
  // A visitor's own pick still wins.
  await switchTo(visitor.page, 'Sprache', 'English');
  await expect(visitor.page.locator('html')).toHaveAttribute('lang', 'en');
  await visitor.context.close();
});
