// "Open as" (issue 12, part 3): a superuser opens a tenant as one of its users from the admin
// tenant page, sees the banner on the tenant's pages, is refused a password change and an admin
// grant, and Stop brings them back to the admin page with the start and end in the audit log.
import type { Page } from '@playwright/test';
import {
  addTenantUser,
  expect,
  expectNoSeriousA11yViolations,
  formAlert,
  login,
  provisionTestTenant,
  saveScreenshot,
  test,
} from './fixtures';

async function openAs(page: Page, schema: string, email: string): Promise<void> {
  await page.goto(`/admin/tenants/${schema}`);
  const card = page.locator('form', { has: page.getByRole('button', { name: 'Open as this user' }) });
  await card.getByLabel('User’s email').fill(email);
  await card.getByRole('button', { name: 'Open as this user' }).click();
}

test('a superuser opens a tenant as its admin, sees the banner, is refused a password change, and Stop returns to the admin', async ({
  page,
  superuser,
  env,
}) => {
  const tenant = await provisionTestTenant();
  const member = { email: `member@${tenant.sub}.test`, password: 'member-password' };
  await addTenantUser(tenant, member);

  await login(page, '', superuser.email, superuser.password, '/admin');
  await page.goto(`/admin/tenants/${tenant.schema}`);
  await expect(page.getByRole('heading', { name: 'Open as a user' })).toBeVisible();
  await expectNoSeriousA11yViolations(page, '/admin/tenants/[schema] with Open as');

  // An unknown email is refused with a sentence, at the field.
  await openAs(page, tenant.schema, `nobody@${tenant.sub}.test`);
  await expect(page.getByText(`has no user with the email nobody@${tenant.sub}.test`).first()).toBeVisible();

  await openAs(page, tenant.schema, tenant.admin.email);
  await page.waitForURL(`${tenant.url}/`);
  const banner = page.getByTestId('impersonation-banner');
  await expect(banner).toContainText(superuser.email);
  await expect(banner).toContainText(tenant.admin.email);
  await expect(page.getByTestId('nav-email')).toHaveText(tenant.admin.email);
  await expectNoSeriousA11yViolations(page, 'tenant home while impersonating');
  await saveScreenshot(page, 'impersonation-banner');

  // The banner is on every tenant page; passwords and admin grants are refused with a sentence.
  await page.goto(`${tenant.url}/users`);
  await expect(banner).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: member.email });
  await row.getByRole('button', { name: /^Reset password/ }).click();
  await page.getByRole('textbox', { name: `New password for ${member.email}` }).fill('a-new-password');
  await page.getByRole('button', { name: 'Set password', exact: true }).click();
  await expect(formAlert(page).getByText('Passwords cannot be changed while a superuser has opened this organisation')).toBeVisible();
  await row.getByRole('button', { name: /^Make admin/ }).click();
  await expect(formAlert(page).getByText('Admin rights cannot be granted while a superuser has opened this organisation')).toBeVisible();
  await expectNoSeriousA11yViolations(page, '/users while impersonating');

  await banner.getByRole('button', { name: 'Stop' }).click();
  await page.waitForURL(`${env.rootURL}/admin/tenants/${tenant.schema}?stopped=1`);
  await expect(page.getByRole('heading', { level: 1, name: tenant.name })).toBeVisible();
  await expect(page.getByText(`You are no longer signed in to ${tenant.name} as one of its users`)).toBeVisible();

  // The tenant host's session ended with it.
  await page.goto(`${tenant.url}/users`);
  await expect(page).toHaveURL(new RegExp(`^${tenant.url}/login`));

  // The admin's audit page: start and end recorded with the superuser, no password reset or role change.
  await page.goto(`/admin/audit?tenant=${tenant.schema}`);
  const log = page.getByTestId('audit-log');
  await expect(log.getByRole('row').filter({ hasText: 'impersonation.start' })).toContainText(superuser.email);
  await expect(log.getByRole('row').filter({ hasText: 'impersonation.end' })).toContainText(superuser.email);
  await expect(log.getByRole('row').filter({ hasText: 'user.password_reset' })).toHaveCount(0);
  await expect(log.getByRole('row').filter({ hasText: 'user.role' })).toHaveCount(0);
});
