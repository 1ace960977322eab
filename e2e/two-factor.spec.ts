// Issue 23: TOTP enrolment, login with a code and with a recovery code, in the browser, with the
// codes computed by the test from the key the page shows (as an authenticator app would).
import { generate } from 'otplib';
import { expect, formAlert, login, test } from './fixtures';

/** The code of the step `offset` steps from now. */
const codeAt = (secret: string, offset: number) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + offset * 30 });

test('a user turns two-factor on, then logs in with a computed code and once with a recovery code', async ({ page, tenant }) => {
  await login(page, tenant.url, tenant.admin.email, tenant.admin.password);
  await page.goto(`${tenant.url}/settings/security`);
  await expect(page.getByTestId('two-factor-status')).toContainText('Two-factor is off');
  await page.getByRole('button', { name: 'Set up two-factor' }).click();
  await expect(page.getByAltText('QR code for your authenticator app')).toBeVisible();
  const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);

  // A wrong code is refused with a sentence; the right one turns it on and shows ten recovery codes once.
  await page.getByLabel('Code from the app').fill('000000' === (await codeAt(secret, 0)) ? '111111' : '000000');
  await page.getByRole('button', { name: 'Turn two-factor on' }).click();
  await expect(formAlert(page).first()).toContainText('That code is not right');
  await page.getByLabel('Code from the app').fill(await codeAt(secret, 0));
  await page.getByRole('button', { name: 'Turn two-factor on' }).click();
  const list = page.getByTestId('recovery-codes').locator('li');
  await expect(list).toHaveCount(10);
  const recovery = await list.allTextContents();
  await page.reload();
  await expect(page.getByTestId('two-factor-status')).toContainText('Two-factor is on. 10 of 10 recovery codes left.');
  await expect(page.getByTestId('recovery-codes')).toHaveCount(0);

  // Log in again: the password, then the code step (the next step's code: the current one was used).
  await page.context().clearCookies();
  await page.goto(`${tenant.url}/login`);
  await page.getByLabel('Email').fill(tenant.admin.email);
  await page.getByLabel('Password').fill(tenant.admin.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByLabel('Two-factor code')).toBeVisible();
  await page.getByLabel('Two-factor code').fill(await codeAt(secret, 1));
  await page.getByRole('button', { name: 'Verify and log in' }).click();
  await page.waitForURL(`${tenant.url}/`);

  // And with a recovery code, which then is used up.
  await page.context().clearCookies();
  await page.goto(`${tenant.url}/login`);
  await page.getByLabel('Email').fill(tenant.admin.email);
  await page.getByLabel('Password').fill(tenant.admin.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByLabel('Two-factor code').fill(recovery[0]);
  await page.getByRole('button', { name: 'Verify and log in' }).click();
  await page.waitForURL(`${tenant.url}/`);
  await page.goto(`${tenant.url}/settings/security`);
  await expect(page.getByTestId('two-factor-status')).toContainText('9 of 10 recovery codes left');
});
