import { browserJson, expect, formAlert, login, provisionTestTenant, test } from './fixtures';

test('wrong password shows a sentence and keeps the email; the right one lands on the tenant host', async ({ page, tenant }) => {
  await page.goto(`${tenant.url}/login?email=${encodeURIComponent(tenant.admin.email)}`);
  await expect(page.getByLabel('Email')).toHaveValue(tenant.admin.email);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(formAlert(page)).toHaveText('That email and password do not match an account here.');
  await expect(page.getByLabel('Email')).toHaveValue(tenant.admin.email);
  await expect(page).toHaveURL(new RegExp(`^${tenant.url}/login`));

  // next-auth answers the credentials callback with a URL on the request's own host
  // (AUTH_TRUST_HOST: origin from x-forwarded-host/host), never the root host. Record the JSON answer of the credentials callback in the browser (sessionStorage survives
  // the same-origin navigation that follows).
  await page.addInitScript(() => {
    const original = window.fetch.bind(window);
    window.fetch = async (...args: Parameters<typeof fetch>) => {
      const res = await original(...args);
      if (String(args[0] instanceof Request ? args[0].url : args[0]).includes('/api/auth/callback/credentials')) {
        const body = (await res.clone().json()) as { url?: string };
        sessionStorage.setItem('e2e-callback-url', body.url ?? '');
      }
      return res;
    };
  });
  await page.reload();
  await page.getByLabel('Password').fill(tenant.admin.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(`${tenant.url}/`);
  const callbackUrl = await page.evaluate(() => sessionStorage.getItem('e2e-callback-url') ?? '');
  expect(new URL(callbackUrl).origin).toBe(tenant.url);
});

test('after login the visitor returns to the page they asked for, on the same host', async ({ page, tenant }) => {
  await page.goto(`${tenant.url}/users`);
  await expect(page).toHaveURL(`${tenant.url}/login?callbackUrl=%2Fusers`);
  await page.getByLabel('Email').fill(tenant.admin.email);
  await page.getByLabel('Password').fill(tenant.admin.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(`${tenant.url}/users`);
  // An off-site callbackUrl is ignored.
  await page.goto(`${tenant.url}/login?callbackUrl=${encodeURIComponent('//evil.example/x')}`);
  await expect(page).toHaveURL(`${tenant.url}/`);
});

test('a tenant user cannot log in on another tenant, nor on the root host', async ({ page }) => {
  const [a, b] = await Promise.all([provisionTestTenant(), provisionTestTenant()]);
  await page.goto(`${b.url}/login`);
  await page.getByLabel('Email').fill(a.admin.email);
  await page.getByLabel('Password').fill(a.admin.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(formAlert(page)).toHaveText('That email and password do not match an account here.');

  await page.goto('/login');
  await page.getByLabel('Email').fill(a.admin.email);
  await page.getByLabel('Password').fill(a.admin.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(formAlert(page)).toHaveText('That email and password do not match an account here.');
});

test('too many attempts show the rate-limit sentence', async ({ page, tenant }) => {
  await page.goto(`${tenant.url}/login`);
  await page.getByLabel('Email').fill(tenant.admin.email);
  const alert = formAlert(page);
  for (let i = 0; i < 12; i++) {
    await page.getByLabel('Password').fill(`wrong-${i}`);
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page.getByRole('button', { name: 'Log in' })).toBeEnabled();
    if (/Too many login attempts/.test((await alert.textContent()) ?? '')) break;
  }
  await expect(alert).toHaveText(/^Too many login attempts; try again in (\d+ seconds?|about (a|an|\d+) (minute|hour)s?)\.$/);
  // Even the right password is refused while limited.
  await page.getByLabel('Password').fill(tenant.admin.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(alert).toHaveText(/^Too many login attempts/);
});

test('the superuser logs in on the root host and is sent to /admin', async ({ page, superuser }) => {
  await login(page, '', superuser.email, superuser.password, '/admin');
  const session = (await browserJson(page, '/api/auth/session')).body as { identity?: unknown };
  expect(session.identity).toMatchObject({ kind: 'superuser', email: superuser.email });
  // Visiting /login again while logged in goes straight on.
  await page.goto('/login');
  await expect(page).toHaveURL(/\/admin$/);
});

test('log out ends the session on this host', async ({ page, tenant }) => {
  await login(page, tenant.url, tenant.admin.email, tenant.admin.password, '/');
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(`${tenant.url}/login`);
  expect((await browserJson(page, `${tenant.url}/api/auth/session`)).body).toEqual({});
  await page.goto(`${tenant.url}/`);
  await expect(page).toHaveURL(`${tenant.url}/login`);
});

test('an unknown host gets the friendly 404 page', async ({ page, env }) => {
  const res = await page.goto(`http://nobody-here.${env.rootDomain}/`);
  expect(res?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('We couldn’t find that page');
  await expect(page).toHaveTitle(/Not found/);
  await expect(page.getByRole('link', { name: 'Go to Quorum’s home page' })).toHaveAttribute(
    'href',
    new RegExp(`^//${env.rootDomain.replace(/\./g, '\\.')}/?$`),
  ); // next/link drops the trailing slash
  const login = await page.goto(`http://nobody-here.${env.rootDomain}/login`);
  expect(login?.status()).toBe(404);
});
