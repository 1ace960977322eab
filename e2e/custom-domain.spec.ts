import { expect, formAlert, login, test } from './fixtures';

test('a tenant admin adds a custom domain: pending, with the TXT record to create and a Verify button', async ({ page, tenant }) => {
  await login(page, tenant.url, tenant.admin.email, tenant.admin.password, '/');
  await page.getByRole('link', { name: 'Domains' }).click();
  await expect(page).toHaveURL(`${tenant.url}/domains`);
  const domain = `polls-${tenant.sub}.example.org`;
  await page.getByLabel('Custom domain', { exact: true }).fill(domain);
  await page.getByRole('button', { name: 'Add domain' }).click();
  const row = page.locator(`li[data-domain="${domain}"]`);
  await expect(row.getByText('Pending verification')).toBeVisible();
  await expect(row.getByTestId('domain-challenge')).toContainText(`_quorum-challenge.${domain}`);
  await expect(row.getByTestId('domain-challenge')).toContainText(/quorum-verify=[0-9a-f]{32}/);
  // No such record exists (or no DNS is reachable from here): either way a sentence, and it stays pending.
  await row.getByRole('button', { name: /^Verify/ }).click();
  await expect(formAlert(page).filter({ hasText: /Not verified|could not be asked/ })).toBeVisible();
  await page.reload();
  await expect(page.locator(`li[data-domain="${domain}"]`).getByText('Pending verification')).toBeVisible();
});
