import type { Page } from '@playwright/test';
import {
  addPoll,
  addTenantUser,
  expect,
  expectNoSeriousA11yViolations,
  formAlert,
  login,
  provisionTestTenant,
  saveScreenshot,
  test,
  updateTestTenant,
} from './fixtures';

// Axe (WCAG 2.1 A/AA + best practices) on every main page, no serious or critical violations;
// a full-page screenshot of each under test-results/screenshots/.
// Each test audits many pages; axe takes seconds per page on a busy 2-CPU machine.
test.describe.configure({ timeout: 180_000 });

async function check(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  await expectNoSeriousA11yViolations(page, name);
  await saveScreenshot(page, name);
}

test('root host pages', async ({ page, env }) => {
  await page.goto('/');
  await check(page, 'root-landing');
  await page.goto('/signup');
  await page.getByLabel('Subdomain').fill('acme-co');
  await expect(page.locator('#field-subdomain-status')).toHaveText(/available|taken/);
  await check(page, 'root-signup');
  await page.getByLabel('Subdomain').fill('admin');
  await page.getByRole('button', { name: 'Create organisation' }).click();
  await expect(formAlert(page).first()).toBeVisible();
  await check(page, 'root-signup-errors');
  await page.goto('/login');
  await check(page, 'root-login');
  await page.getByLabel('Email').fill('nobody@example.test');
  await page.getByLabel('Password').fill('wrong-password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(formAlert(page)).toBeVisible();
  await check(page, 'root-login-error');
  await page.goto(`http://no-such-org.${env.rootDomain}/`);
  await check(page, 'unknown-host-404');
});

test('tenant pages', async ({ page, tenant }) => {
  const member = { email: `casey@${tenant.sub}.test`, password: 'member-password', name: 'Casey Member' };
  await addTenantUser(tenant, { ...member, role: 'member' });
  const voted = await addPoll(tenant, tenant.admin.email, {
    question: 'Which day suits the quarterly review?',
    choices: ['Monday', 'Wednesday', 'Friday'],
  });
  const open = await addPoll(tenant, member.email, { question: 'Should we move the stand-up to 9:30?', choices: ['Yes', 'No'] });

  await page.goto(`${tenant.url}/login?email=${encodeURIComponent(tenant.admin.email)}`);
  await check(page, 'tenant-login');
  await login(page, tenant.url, tenant.admin.email, tenant.admin.password, '/');
  await page.goto(`${tenant.url}/polls/${voted}`);
  await page.getByRole('radio', { name: 'Wednesday' }).check();
  await page.getByRole('button', { name: 'Vote' }).click();
  await expect(page.getByTestId('already-voted')).toBeVisible();
  await check(page, 'tenant-poll-results');

  await page.goto(`${tenant.url}/`);
  await check(page, 'tenant-polls');
  await page.goto(`${tenant.url}/polls/${open}`);
  await check(page, 'tenant-poll-vote');
  // Voting without a choice: our sentence (as every other form), no browser tooltip; nothing counted.
  await page.getByRole('button', { name: 'Vote' }).click();
  await expect(page.locator('#vote-error')).toHaveText('Choose one of the answers before voting.');
  await check(page, 'tenant-poll-vote-error');
  await expect(page.getByTestId('total-votes')).toHaveText('0 votes in total');
  await page.getByRole('button', { name: 'Delete poll…' }).click();
  await check(page, 'tenant-poll-delete-confirm');
  await page.goto(`${tenant.url}/polls/new`);
  await page.getByLabel('Question').fill('Team lunch?');
  await page.getByRole('button', { name: 'Add a choice' }).click();
  await check(page, 'tenant-poll-new');
  await page.getByRole('button', { name: 'Create poll' }).click();
  await expect(page.locator('#choices-error')).toBeVisible();
  await check(page, 'tenant-poll-new-errors');
  await page.goto(`${tenant.url}/polls/${voted}/edit`);
  await check(page, 'tenant-poll-edit');
  await page.goto(`${tenant.url}/users`);
  await check(page, 'tenant-users');
});

test('suspended and read-only tenants', async ({ page }) => {
  const suspended = await provisionTestTenant({ name: 'Suspended Sports Club' });
  await updateTestTenant(suspended, { status: 'suspended' });
  await page.goto(`${suspended.url}/`);
  await expect(page).toHaveURL(`${suspended.url}/suspended`);
  await check(page, 'tenant-suspended');

  const expired = await provisionTestTenant({ name: 'Expired Choir', onTrial: false, paidUntil: '2021-06-30' });
  await addPoll(expired, expired.admin.email, {
    question: 'Which songs for the winter concert?',
    choices: ['Carols', 'Gospel', 'Madrigals'],
  });
  await login(page, expired.url, expired.admin.email, expired.admin.password, '/');
  await check(page, 'tenant-read-only');
});

test('narrow screens', async ({ browser, tenant }) => {
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await ctx.newPage();
  const id = await addPoll(tenant, tenant.admin.email, {
    question: 'A fairly long question to see how the wrapping works on a phone screen?',
    choices: ['First answer', 'Second answer'],
  });
  await page.goto(`${new URL(tenant.url).protocol}//${new URL(tenant.url).host.replace(/^[^.]+\./, '')}/`);
  await check(page, 'mobile-root-landing');
  await page.goto(`${new URL(tenant.url).protocol}//${new URL(tenant.url).host.replace(/^[^.]+\./, '')}/signup`);
  await check(page, 'mobile-root-signup');
  await login(page, tenant.url, tenant.admin.email, tenant.admin.password, '/');
  await check(page, 'mobile-tenant-polls');
  await page.goto(`${tenant.url}/polls/${id}`);
  await page.getByRole('radio', { name: 'First answer' }).check();
  await page.getByRole('button', { name: 'Vote' }).click();
  await expect(page.getByTestId('already-voted')).toBeVisible();
  await check(page, 'mobile-tenant-poll');
  await page.goto(`${tenant.url}/users`);
  await check(page, 'mobile-tenant-users');
  await ctx.close();
});

test('keyboard only: skip link, vote with arrows and Enter, visible focus', async ({ page, tenant }) => {
  const id = await addPoll(tenant, tenant.admin.email, { question: 'Keyboard or mouse?', choices: ['Keyboard', 'Mouse', 'Both'] });
  await login(page, tenant.url, tenant.admin.email, tenant.admin.password, '/');
  await page.goto(`${tenant.url}/polls/${id}`);
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#main$/);

  await page.getByRole('radio', { name: 'Keyboard' }).focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('radio', { name: 'Mouse' })).toBeChecked();
  await page.keyboard.press('Tab');
  const vote = page.getByRole('button', { name: 'Vote' });
  await expect(vote).toBeFocused();
  // Focus is visible: an outline is drawn on the focused button.
  const outline = await vote.evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe('none');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('already-voted')).toContainText('You voted for Mouse');
});
