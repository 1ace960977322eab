import { expect, expectNoSeriousA11yViolations, login, test } from './fixtures';

// No worker runs in the e2e setup: emails stay queued, which is exactly the state the UI must explain.

test('an admin invites by email; the invitation shows as queued until the worker sends it', async ({ page, tenant }) => {
  await login(page, tenant.url, tenant.admin.email, tenant.admin.password, '/');
  await page.getByRole('link', { name: 'Users' }).click();
  await page.getByRole('link', { name: 'Invite by email' }).click();
  await expect(page).toHaveURL(`${tenant.url}/users/invite`);
  await expectNoSeriousA11yViolations(page, 'invite-form');

  await page.getByLabel('Email').fill(tenant.admin.email);
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.locator('#field-email-error')).toHaveText(`${tenant.admin.email} is already a user of this organisation.`);

  const invitee = `invitee@${tenant.sub}.test`;
  await page.getByLabel('Email').fill(invitee);
  await page.getByLabel('Role').selectOption('admin');
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page).toHaveURL(/\/users\?invited=/);
  await expect(page.getByText(`The invitation to ${invitee} is queued`)).toBeVisible();
  await expect(page.getByTestId('invitations')).toContainText(invitee);
  await expect(page.getByTestId('invitations')).toContainText('Queued');

  // Withdrawn from the users page: gone from the list, and the page says so.
  await page.getByRole('button', { name: `Withdraw the invitation to ${invitee}` }).click();
  await expect(page).toHaveURL(/\/users\?revoked=/);
  await expect(page.getByText(`The invitation to ${invitee} is withdrawn`)).toBeVisible();
  await expect(page.getByText('No open invitations.')).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'users-invitation-withdrawn');
});

test('forgot password answers the same sentence for any address; a bad link explains itself', async ({ page, tenant }) => {
  await page.goto(`${tenant.url}/login`);
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await expect(page).toHaveURL(`${tenant.url}/forgot-password`);
  await expectNoSeriousA11yViolations(page, 'forgot-password');
  const sentence = 'If an account exists for that address, we have sent it a link to choose a new password.';
  await page.getByLabel('Email').fill('nobody@example.test');
  await page.getByRole('button', { name: 'Email me a reset link' }).click();
  await expect(page.getByText(sentence)).toBeVisible();
  await page.getByLabel('Email').fill(tenant.admin.email);
  await page.getByRole('button', { name: 'Email me a reset link' }).click();
  await expect(page.getByText(sentence)).toBeVisible();

  await page.goto(`${tenant.url}/reset-password?token=not-a-real-token`);
  await expect(page.getByText('This password reset link is not valid')).toBeVisible();
  await page.goto(`${tenant.url}/invite?token=not-a-real-token`);
  await expect(page.getByText('This invitation link is not valid')).toBeVisible();
});
