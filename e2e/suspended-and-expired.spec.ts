import { addPoll, browserPost, expect, formAlert, login, provisionTestTenant, test, updateTestTenant } from './fixtures';

test('a suspended tenant is blocked: every page leads to the suspended notice, login included', async ({ browser, page }) => {
  const t = await provisionTestTenant({ name: 'Paused Org' });
  await login(page, t.url, t.admin.email, t.admin.password, '/');
  await updateTestTenant(t, { status: 'suspended' });

  for (const path of ['/', '/polls/new', '/users', '/login']) {
    await page.goto(`${t.url}${path}`);
    await expect(page, `${path} while suspended`).toHaveURL(`${t.url}/suspended`);
  }
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Paused Org is suspended');
  await expect(page.getByText('nobody can log in or vote')).toBeVisible();
  // No user links or forms in the chrome.
  await expect(page.getByRole('link', { name: 'New poll' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Log out' })).toHaveCount(0);

  // An anonymous visitor sees it too; logging in through the API is refused with a sentence.
  const anon = await browser.newContext();
  const p = await anon.newPage();
  await p.goto(`${t.url}/`);
  await expect(p).toHaveURL(`${t.url}/suspended`);
  const api = await browserPost(p, '/api/login', { email: t.admin.email, password: t.admin.password });
  expect(api.status).toBeGreaterThanOrEqual(400);
  expect(api.body).toHaveProperty('error');
  await anon.close();

  // Lifting the suspension restores access for the same session.
  await updateTestTenant(t, { status: 'active' });
  await page.goto(`${t.url}/`);
  await expect(page).toHaveURL(`${t.url}/`);
  await page.goto(`${t.url}/suspended`);
  await expect(page).toHaveURL(`${t.url}/`);
});

test('an expired tenant is read-only: notice, no write forms, and actions refuse', async ({ page }) => {
  const t = await provisionTestTenant({ name: 'Lapsed Org' });
  const id = await addPoll(t, t.admin.email, { question: 'Renew the subscription?', choices: ['Yes', 'No'] });
  await login(page, t.url, t.admin.email, t.admin.password, '/');

  // A vote form opened while the tenant was paid up…
  await page.goto(`${t.url}/polls/${id}`);
  await page.getByRole('radio', { name: 'Yes' }).check();
  // …is submitted after the subscription lapsed: the action refuses with a sentence.
  await updateTestTenant(t, { onTrial: false, paidUntil: '2020-01-31' });
  await page.getByRole('button', { name: 'Vote' }).click();
  await expect(formAlert(page)).toContainText('read-only');
  await expect(page.getByTestId('total-votes')).toHaveText('0 votes in total');

  await page.goto(`${t.url}/`);
  await expect(page.getByText('Read-only: subscription expired')).toBeVisible();
  await expect(page.getByText('ended on 2020-01-31')).toBeVisible();
  await expect(page.getByRole('link', { name: 'New poll' })).toHaveCount(0);

  await page.goto(`${t.url}/polls/${id}`);
  await expect(page.getByText('Voting is closed while the organisation is read-only.')).toBeVisible();
  await expect(page.getByRole('radio')).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Edit poll' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Delete poll/ })).toHaveCount(0);

  await page.goto(`${t.url}/polls/new`);
  await expect(page.getByText('New polls cannot be created while the organisation is read-only.')).toBeVisible();
  await expect(page.getByLabel('Question')).toHaveCount(0);

  await page.goto(`${t.url}/polls/${id}/edit`);
  await expect(page.getByText('Polls cannot be changed while the organisation is read-only.')).toBeVisible();

  await page.goto(`${t.url}/users`);
  await expect(page.getByText('Users cannot be added while the organisation is read-only.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add user' })).toHaveCount(0);
});
