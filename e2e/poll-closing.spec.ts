import { expect, login, test } from './fixtures';
import { reachClosingTime } from './support/polls';

test('a poll with a closing time: set in the form, shown on the poll, and voting ends when it is reached', async ({ page, tenant }) => {
  await login(page, tenant.url, tenant.admin.email, tenant.admin.password, '/');
  await page.goto(`${tenant.url}/polls/new`);
  await page.getByLabel('Question').fill('Ship on Friday?');
  await page.getByLabel('Choice 1', { exact: true }).fill('Yes');
  await page.getByLabel('Choice 2', { exact: true }).fill('No');
  // datetime-local values are in the browser's time zone.
  const localInput = (ms: number) =>
    page.evaluate((t) => {
      const d = new Date(t);
      return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    }, ms);

  await page.getByLabel('Closes at').fill(await localInput(Date.now() - 3_600_000));
  await page.getByRole('button', { name: 'Create poll' }).click();
  await expect(page.locator('#closes_at-error')).toHaveText('The closing time must be in the future.');
  await expect(page.getByLabel('Question')).toHaveValue('Ship on Friday?');

  await page.getByLabel('Closes at').fill(await localInput(Date.now() + 3_600_000));
  await page.getByRole('button', { name: 'Create poll' }).click();
  await expect(page).toHaveURL(/\/polls\/\d+(\?created=1)?$/); // the flag is dropped from the address once shown
  await expect(page.getByTestId('poll-closing')).toContainText('Voting closes on');
  await expect(page.getByRole('radio')).toHaveCount(2);
  const id = Number(/\/polls\/(\d+)/.exec(page.url())![1]);

  await reachClosingTime(tenant.schema, id);
  await page.reload();
  await expect(page.getByTestId('poll-closed')).toHaveText('This poll is closed: votes are no longer accepted.');
  await expect(page.getByTestId('poll-closing')).toContainText('Voting closed on');
  await expect(page.getByRole('radio')).toHaveCount(0);
});
