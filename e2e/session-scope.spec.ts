import { browserJson, expect, login, provisionTestTenant, test } from './fixtures';

// A session is bound to the host that issued it: tenant A's cookie, replayed on tenant B's host,
// is not a session there (and the superuser's root cookie is not a session on a tenant either).
test('a session cookie from tenant A is refused on tenant B', async ({ browser, page }) => {
  const [a, b] = await Promise.all([provisionTestTenant(), provisionTestTenant()]);
  await login(page, a.url, a.admin.email, a.admin.password, '/');
  const sessionA = (await browserJson(page, `${a.url}/api/auth/session`)).body as { identity?: unknown };
  expect(sessionA.identity).toMatchObject({ tenant: a.schema, email: a.admin.email });

  const cookies = await page.context().cookies(a.url);
  const session = cookies.find((c) => c.name.includes('next-auth.session-token'));
  expect(session, 'next-auth session cookie on tenant A').toBeDefined();
  expect(session!.domain).toBe(new URL(a.url).hostname); // host-only

  // The same cookie, copied onto B's host.
  const intruder = await browser.newContext();
  await intruder.addCookies([
    { name: session!.name, value: session!.value, domain: new URL(b.url).hostname, path: '/', httpOnly: true, sameSite: 'Lax' },
  ]);
  const pageB = await intruder.newPage();
  const onB = await browserJson(pageB, `${b.url}/api/auth/session`);
  expect(onB.status).toBe(200);
  expect(onB.body).toEqual({});
  await pageB.goto(`${b.url}/`);
  await expect(pageB).toHaveURL(`${b.url}/login`);
  await expect(pageB.getByRole('heading', { name: `Log in to ${b.name}` })).toBeVisible();
  await pageB.goto(`${b.url}/users`);
  await expect(pageB).toHaveURL(new RegExp(`^${b.url}/login`));

  // Positive control: the copied cookie is valid where it was issued.
  await intruder.addCookies([
    { name: session!.name, value: session!.value, domain: new URL(a.url).hostname, path: '/', httpOnly: true, sameSite: 'Lax' },
  ]);
  await pageB.goto(`${a.url}/`);
  await expect(pageB).toHaveURL(`${a.url}/`);
  await expect(pageB.getByTestId('nav-email')).toHaveText(a.admin.email);
  await intruder.close();
});

test('the superuser session from the root host is not a session on a tenant host', async ({ browser, page, superuser }) => {
  const t = await provisionTestTenant();
  await login(page, '', superuser.email, superuser.password, '/admin');
  const root = (await browserJson(page, '/api/auth/session')).body as { identity?: unknown };
  expect(root.identity).toMatchObject({ kind: 'superuser' });
  const cookie = (await page.context().cookies()).find((c) => c.name.includes('next-auth.session-token'));
  expect(cookie).toBeDefined();
  const ctx = await browser.newContext();
  await ctx.addCookies([{ name: cookie!.name, value: cookie!.value, domain: new URL(t.url).hostname, path: '/' }]);
  const p = await ctx.newPage();
  expect((await browserJson(p, `${t.url}/api/auth/session`)).body).toEqual({});
  await p.goto(`${t.url}/`);
  await expect(p).toHaveURL(`${t.url}/login`);
  await ctx.close();
});
