import { addPoll, expect, login, provisionTestTenant, test } from './fixtures';

// Two fresh tenants each get poll id 1 (sequences are per schema). The same URL on each host
// must show that tenant's own poll, never the other's.
test('the same poll id on two tenants shows each its own data', async ({ browser }) => {
  const [a, b] = await Promise.all([provisionTestTenant({ name: 'Alpha Org' }), provisionTestTenant({ name: 'Beta Org' })]);
  const idA = await addPoll(a, a.admin.email, { question: 'Alpha: pizza or pasta?', choices: ['Pizza', 'Pasta'] });
  const idB = await addPoll(b, b.admin.email, { question: 'Beta: tea or coffee?', choices: ['Tea', 'Coffee', 'Water'] });
  expect(idA).toBe(idB);

  const ctxA = await browser.newContext();
  const ctxB = await browser.newContext();
  const pageA = await ctxA.newPage();
  const pageB = await ctxB.newPage();
  await login(pageA, a.url, a.admin.email, a.admin.password, '/');
  await login(pageB, b.url, b.admin.email, b.admin.password, '/');

  await pageA.goto(`${a.url}/polls/${idA}`);
  await pageB.goto(`${b.url}/polls/${idB}`);
  await expect(pageA.getByRole('heading', { level: 1 })).toHaveText('Alpha: pizza or pasta?');
  await expect(pageB.getByRole('heading', { level: 1 })).toHaveText('Beta: tea or coffee?');
  await expect(pageA.getByRole('radio')).toHaveCount(2);
  await expect(pageB.getByRole('radio')).toHaveCount(3);
  await expect(pageA.getByRole('navigation', { name: 'Organisation' })).toContainText('Alpha Org');
  await expect(pageB.getByRole('navigation', { name: 'Organisation' })).toContainText('Beta Org');

  // A vote on A does not show up on B.
  await pageA.getByRole('radio', { name: 'Pizza' }).check();
  await pageA.getByRole('button', { name: 'Vote' }).click();
  await expect(pageA.getByTestId('total-votes')).toHaveText('1 vote in total');
  await pageB.reload();
  await expect(pageB.getByTestId('total-votes')).toHaveText('0 votes in total');

  // Lists are separate too.
  await pageA.goto(`${a.url}/`);
  await expect(pageA.getByRole('list', { name: 'Polls' }).getByRole('listitem')).toHaveCount(1);
  await expect(pageA.getByText('Beta: tea or coffee?')).toHaveCount(0);
  await ctxA.close();
  await ctxB.close();
});
