// Issue 23: TOTP enrolment, login with a code and with a recovery code, a new set of recovery codes,
// in the browser, with the codes computed by the test from the key the page shows (as an
// authenticator app would).
import { generate } from 'otplib';
import type { Page } from '@playwright/test';
import { expect, formAlert, login, test, type TestTenant } from './fixtures';

/** The code of the step `offset` steps from now. */
const codeAt = (secret: string, offset: number) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + offset * 30 });

/** A fresh login's first step (cookies cleared): the password; the page then asks for the code. */
async function passwordStep(page: Page, tenant: TestTenant) {
  await page.context().clearCookies();
  await page.goto(`${tenant.url}/login`);
  await page.getByLabel('Email').fill(tenant.admin.email);
  await page.getByLabel('Password').fill(tenant.admin.password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

async function codeStep(page: Page, code: string) {
  await page.getByLabel('Two-factor code').fill(code);
  await page.getByRole('button', { name: 'Verify and log in' }).click();
}

test('a user turns two-factor on, logs in with a computed code and once with a recovery code, then makes new recovery codes', async ({
  page,
  tenant,
}) => {
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
  await passwordStep(page, tenant);
  await expect(page.getByLabel('Two-factor code')).toBeVisible();
  const loginStep = Math.floor(Date.now() / 30_000);
  await codeStep(page, await codeAt(secret, 1));
  await page.waitForURL(`${tenant.url}/`);

  // And with a recovery code, which then is used up.
  await passwordStep(page, tenant);
  await codeStep(page, recovery[0]);
  await page.waitForURL(`${tenant.url}/`);
  await page.goto(`${tenant.url}/settings/security`);
  await expect(page.getByTestId('two-factor-status')).toContainText('9 of 10 recovery codes left');

  // A new set of recovery codes: a recovery code is refused there (and not used up)…
  const renew = page.getByRole('form', { name: 'Make new recovery codes' });
  await renew.getByLabel('Current code from the app').fill(recovery[1]);
  await renew.getByRole('button', { name: 'Make new recovery codes' }).click();
  await expect(renew.getByText('a recovery code does not work here')).toBeVisible();
  // …a code from the app works, of a later step than the login's (a code works once): the clock must reach the next step.
  await expect.poll(() => Math.floor(Date.now() / 30_000), { timeout: 40_000 }).toBeGreaterThan(loginStep);
  await renew.getByLabel('Current code from the app').fill(await codeAt(secret, 1));
  await renew.getByRole('button', { name: 'Make new recovery codes' }).click();
  const fresh = page.getByTestId('recovery-codes').locator('li');
  await expect(fresh).toHaveCount(10);
  const renewed = await fresh.allTextContents();
  expect(renewed.filter((c) => recovery.includes(c))).toEqual([]);
  await page.reload();
  await expect(page.getByTestId('two-factor-status')).toContainText('10 of 10 recovery codes left');

  // The old set stopped working at once (even a code never used); a new one signs in.
  await passwordStep(page, tenant);
  await codeStep(page, recovery[2]);
  await expect(page.getByText('That code is not right (or it was already used).')).toBeVisible();
  await codeStep(page, renewed[0]);
  await page.waitForURL(`${tenant.url}/`);
});
