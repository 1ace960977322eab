import { expect, formAlert, login, test } from './fixtures';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);

test('a tenant admin uploads the logo on /settings; a non-image is refused; the header shows it', async ({ page, tenant }) => {
  await login(page, tenant.url, tenant.admin.email, tenant.admin.password, '/');
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page).toHaveURL(`${tenant.url}/settings`);
  await expect(page.getByTestId('tenant-logo')).toHaveCount(0);

  // Named like an image, but it is not one: checked by content.
  await page.getByLabel('Logo image').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from('<svg></svg>') });
  await page.getByRole('button', { name: 'Upload logo' }).click();
  await expect(formAlert(page)).toContainText('The logo must be a PNG, JPEG or WebP image');

  await page.getByLabel('Logo image').setInputFiles({ name: 'anything.bin', mimeType: 'application/octet-stream', buffer: PNG });
  await page.getByRole('button', { name: 'Upload logo' }).click();
  await expect(page.getByText('The new logo is saved.')).toBeVisible();
  await expect(page.getByTestId('tenant-logo')).toHaveAttribute('src', /^\/api\/logo\?v=[0-9a-f]{32}$/);
});
