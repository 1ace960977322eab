// Issue 23: single sign-on, the whole browser flow against a REAL OpenID provider on loopback
// (harness/oidc-provider.ts in interactive mode: oidc-provider's own login and consent pages).
// An admin connects the provider on /settings/sso (Test, Save, "Sign in with …" on); a member
// signs in through the login page's button and the provider's pages; a newcomer becomes a member
// on first login; an unverified email is refused with a sentence on the login page; "Require
// single sign-on" makes a member's password login show a sentence. The server accepts the
// http://127.0.0.1 issuer because e2e/global-setup.ts sets QUORUM_SSO_HTTP_LOOPBACK=1.
import type { Page } from '@playwright/test';
import { findUserByEmail } from '@/lib/features/auth/users';
import { withTenant } from '../lib/tenancy/with-tenant';
import { startTestIdp, type TestIdp } from '../harness/oidc-provider';
import {
  addTenantUser,
  browserJson,
  expect,
  expectNoSeriousA11yViolations,
  login,
  provisionTestTenant,
  test,
  type TestTenant,
} from './fixtures';

const BUTTON = 'Sign in with Test IdP';
const UNVERIFIED = 'Your sign-in provider has not verified your email address, so it cannot sign you in here.';

let org: TestTenant;
let idp: TestIdp;
const member = { email: '', password: 'member-pw-Quorum-23' };
const newcomer = () => `newcomer@${org.sub}.test`;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  org = await provisionTestTenant({ name: 'SSO Club' });
  member.email = `member@${org.sub}.test`;
  await addTenantUser(org, { ...member, role: 'member' });
  idp = await startTestIdp([`${org.url}/sso/callback`], { interactive: true });
  idp.accounts.set('member', { email: member.email, email_verified: true, name: 'Member' });
  idp.accounts.set('newcomer', { email: newcomer(), email_verified: true, name: 'Newcomer' });
  idp.accounts.set('unverified', { email: `unverified@${org.sub}.test`, email_verified: false, name: 'Unverified' });
});

test.afterAll(async () => {
  await idp?.stop();
});

test.beforeEach(async ({ context }) => {
  // The provider's pages import a web font: the run stays on loopback.
  await context.route(/^https?:\/\/fonts\.(googleapis|gstatic)\.com\//, (route) => route.abort());
});

/** Every response of the app that is a server error (there must be none). */
function serverErrors(page: Page): string[] {
  const seen: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 500) seen.push(`${r.status()} ${r.url()}`);
  });
  return seen;
}

/** From the login page's button through the provider's login and consent pages, back to the app. */
async function signInAtProvider(page: Page, account: string): Promise<void> {
  await page.goto(`${org.url}/login`);
  await page.getByRole('link', { name: BUTTON }).click();
  await page.waitForURL((u) => u.origin === idp.issuer && u.pathname.startsWith('/interaction/'));
  await expect(page.getByRole('heading', { name: 'Sign-in' })).toBeVisible();
  await page.getByPlaceholder('Enter any login').fill(account);
  await page.getByPlaceholder('and password').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  // Consent: Quorum asks for the email and profile scopes.
  await expect(page.getByRole('heading', { name: 'Authorize' })).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: /^email$/ })).toBeVisible();
  await page.getByRole('button', { name: 'Continue' }).click();
}

async function sessionIdentity(page: Page) {
  const { body } = await browserJson(page, `${org.url}/api/auth/session`);
  return (body as { identity?: { email: string; role: string } } | null)?.identity ?? null;
}

test('an admin connects the provider on /settings/sso: Test checks the discovery, Save turns the button on', async ({ page }) => {
  const errors = serverErrors(page);
  await login(page, org.url, org.admin.email, org.admin.password);
  await page.goto(`${org.url}/settings/sso`);
  await expect(page.getByRole('heading', { name: 'Single sign-on' })).toBeVisible();
  await expect(page.getByTestId('sso-callback')).toHaveText(`${org.url}/sso/callback`);
  await expectNoSeriousA11yViolations(page, '/settings/sso');

  const form = page.getByRole('form', { name: 'Single sign-on settings' });
  await form.getByLabel('Name on the button').fill('Test IdP');
  await form.getByLabel('Client id').fill(idp.clientId);
  // A wrong issuer first: a sentence, nothing saved.
  await form.getByLabel('Issuer URL').fill('http://127.0.0.1:1');
  await form.getByLabel('Client secret').fill(idp.clientSecret);
  await form.getByRole('button', { name: 'Test', exact: true }).click();
  await expect(form.getByRole('alert').filter({ hasText: 'The issuer could not be reached' })).toBeVisible();

  // The secret typed once is still there after a Test (it is never sent back by the server).
  await form.getByLabel('Issuer URL').fill(idp.issuer);
  await expect(form.getByLabel('Client secret')).toHaveValue(idp.clientSecret);
  await form.getByRole('button', { name: 'Test', exact: true }).click();
  await expect(page.getByText(`The discovery document of ${idp.issuer} is valid.`)).toBeVisible();

  await form.getByRole('checkbox', { name: /Turn on “Sign in with …”/ }).check();
  await form.getByRole('checkbox', { name: /Create members on first login/ }).check();
  await form.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('Saved. “Sign in with Test IdP” is on.')).toBeVisible();
  await expect(form.getByLabel('Client secret')).toHaveValue('');

  // The secret is stored, never shown again.
  await page.reload();
  await expect(form.getByLabel('Client secret')).toHaveValue('');
  await expect(form.getByText('Set. Leave blank to keep it.')).toBeVisible();
  await expect(form.getByLabel('Issuer URL')).toHaveValue(idp.issuer);
  expect(await page.content()).not.toContain(idp.clientSecret);
  await expectNoSeriousA11yViolations(page, '/settings/sso (saved)');

  // The login page shows the button.
  await page.context().clearCookies();
  await page.goto(`${org.url}/login`);
  await expect(page.getByRole('link', { name: BUTTON })).toBeVisible();
  expect(errors).toEqual([]);
});

test('a member signs in with the button, at the provider’s own login and consent pages, and lands on the polls page', async ({ page }) => {
  const errors = serverErrors(page);
  await signInAtProvider(page, 'member');
  await page.waitForURL(`${org.url}/`);
  await expect(page.getByRole('button', { name: /log out/i })).toBeVisible();
  expect(await sessionIdentity(page)).toMatchObject({ email: member.email, role: 'member' });
  expect(errors).toEqual([]);
});

test('a verified email without an account becomes a member on first login (creation is on)', async ({ page }) => {
  expect(await withTenant({ schema: org.schema }, (db) => findUserByEmail(db, newcomer()))).toBeUndefined();
  await signInAtProvider(page, 'newcomer');
  await page.waitForURL(`${org.url}/`);
  await expect(page.getByRole('button', { name: /log out/i })).toBeVisible();
  expect(await sessionIdentity(page)).toMatchObject({ email: newcomer(), role: 'member' });
  expect(await withTenant({ schema: org.schema }, (db) => findUserByEmail(db, newcomer()))).toMatchObject({ role: 'member' });
});

test('an unverified email is refused with a sentence on the login page, never a 500', async ({ page }) => {
  const errors = serverErrors(page);
  await signInAtProvider(page, 'unverified');
  await page.waitForURL((u) => u.origin === org.url && u.pathname === '/login');
  await expect(page.getByText(UNVERIFIED)).toBeVisible();
  await expect(page.getByRole('link', { name: BUTTON })).toBeVisible();
  expect(await sessionIdentity(page)).toBeNull();
  expect(await withTenant({ schema: org.schema }, (db) => findUserByEmail(db, `unverified@${org.sub}.test`))).toBeUndefined();
  expect(errors).toEqual([]);
});

test('"Require single sign-on": a member’s password login shows a sentence; the admin keeps the password', async ({ page, browser }) => {
  await login(page, org.url, org.admin.email, org.admin.password);
  await page.goto(`${org.url}/settings/sso`);
  const form = page.getByRole('form', { name: 'Single sign-on settings' });
  await form.getByRole('checkbox', { name: /Require single sign-on for members/ }).check();
  await form.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('Saved. “Sign in with Test IdP” is on.')).toBeVisible();

  const memberPage = await (await browser.newContext()).newPage();
  try {
    await memberPage.goto(`${org.url}/login`);
    await memberPage.getByLabel('Email').fill(member.email);
    await memberPage.getByLabel('Password').fill(member.password);
    await memberPage.getByRole('button', { name: 'Log in' }).click();
    await expect(memberPage.getByText(/signs its members in with single sign-on/)).toBeVisible();
    expect(new URL(memberPage.url()).pathname).toBe('/login');
    expect(await sessionIdentity(memberPage)).toBeNull();
  } finally {
    await memberPage.context().close();
  }

  // The break-glass path: an admin still logs in with the password.
  await page.context().clearCookies();
  await login(page, org.url, org.admin.email, org.admin.password);
  expect(await sessionIdentity(page)).toMatchObject({ email: org.admin.email, role: 'admin' });
});
