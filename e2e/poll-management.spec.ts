import { addPoll, addTenantUser, expect, formAlert, login, test } from './fixtures';

test('the poll form validates, keeps input, adds and removes choices within 2–10', async ({ page, tenant }) => {
  await login(page, tenant.url, tenant.admin.email, tenant.admin.password, '/');
  await page.goto(`${tenant.url}/polls/new`);
  const choice = (n: number) => page.getByLabel(`Choice ${n}`, { exact: true });

  // Only one choice filled in: refused with a sentence, question kept.
  await page.getByLabel('Question').fill('Best day for the meeting?');
  await choice(1).fill('Monday');
  await page.getByRole('button', { name: 'Create poll' }).click();
  await expect(page.locator('#choices-error')).toHaveText('A poll needs at least 2 choices.');
  await expect(page.getByLabel('Question')).toHaveValue('Best day for the meeting?');
  await expect(choice(1)).toHaveValue('Monday');

  // Duplicates are refused.
  await choice(2).fill('monday');
  await page.getByRole('button', { name: 'Create poll' }).click();
  await expect(page.locator('#choices-error')).toHaveText('Choices must be different from each other.');

  // Up to ten rows; then "Add" is disabled. Removing goes back down, never below two.
  for (let n = 3; n <= 10; n++) await page.getByRole('button', { name: 'Add a choice' }).click();
  await expect(page.getByRole('button', { name: 'Add a choice' })).toBeDisabled();
  await expect(page.getByText('10 of 10 choices')).toBeVisible();
  for (let n = 10; n > 2; n--) await page.getByRole('button', { name: `Remove choice ${n}` }).click();
  await expect(page.getByRole('button', { name: 'Remove choice 1' })).toBeDisabled();
  await expect(page.getByText('2 of 10 choices')).toBeVisible();

  await choice(2).fill('Tuesday');
  await page.getByRole('button', { name: 'Create poll' }).click();
  await expect(page).toHaveURL(/\/polls\/\d+(\?created=1)?$/);
  await expect(page.getByRole('radio')).toHaveCount(2);
});

test('creator edits and deletes with confirmation; edits after votes may only reword', async ({ page, tenant }) => {
  const memberEmail = `member@${tenant.sub}.test`;
  await addTenantUser(tenant, { email: memberEmail, password: 'member-password', role: 'member' });
  const id = await addPoll(tenant, memberEmail, { question: 'Lunch place?', choices: ['Deli', 'Noodles'] });
  await login(page, tenant.url, memberEmail, 'member-password', '/');

  await page.goto(`${tenant.url}/polls/${id}`);
  await page.getByRole('link', { name: 'Edit poll' }).click();
  await expect(page).toHaveURL(`${tenant.url}/polls/${id}/edit`);
  await page.getByLabel('Question').fill('Lunch place on Friday?');
  await page.getByRole('button', { name: 'Add a choice' }).click();
  await page.getByLabel('Choice 3', { exact: true }).fill('Tacos');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page).toHaveURL(new RegExp(`^${tenant.url}/polls/${id}(\\?updated=1)?$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Lunch place on Friday?');
  await expect(page.getByRole('radio')).toHaveCount(3);

  // After a vote, choices can be reworded but not added or removed.
  await page.getByRole('radio', { name: 'Tacos' }).check();
  await page.getByRole('button', { name: 'Vote' }).click();
  await expect(page.getByTestId('already-voted')).toContainText('Tacos');
  await page.goto(`${tenant.url}/polls/${id}/edit`);
  await expect(page.getByText('you can reword the choices, but not add or remove them')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add a choice' })).toHaveCount(0);
  await page.getByLabel('Choice 3', { exact: true }).fill('Tacos al pastor');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByTestId('already-voted')).toContainText('Tacos al pastor');

  // Delete: a confirmation step, cancel returns, confirm deletes.
  await page.getByRole('button', { name: 'Delete poll…' }).click();
  await expect(page.getByText('Delete this poll and its vote? This cannot be undone.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Yes, delete poll' })).toBeFocused();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('button', { name: 'Delete poll…' })).toBeFocused();
  await page.getByRole('button', { name: 'Delete poll…' }).click();
  await page.getByRole('button', { name: 'Yes, delete poll' }).click();
  await expect(page).toHaveURL(`${tenant.url}/?deleted=1`);
  await expect(page.getByText('The poll was deleted.')).toBeVisible();
  await expect(page.getByText('Lunch place on Friday?')).toHaveCount(0);
  const gone = await page.goto(`${tenant.url}/polls/${id}`);
  expect(gone?.status()).toBe(404);
  await expect(page.getByText('There is no such poll or page in this organisation.')).toBeVisible();
});

test('a second vote explains itself, and admins may delete anyone’s poll', async ({ browser, page, tenant }) => {
  const memberEmail = `m2@${tenant.sub}.test`;
  await addTenantUser(tenant, { email: memberEmail, password: 'member-password', role: 'member' });
  const id = await addPoll(tenant, memberEmail, { question: 'Coffee machine upgrade?', choices: ['Yes', 'No'] });

  // The member has the poll open in two tabs and votes in both.
  const ctx = await browser.newContext();
  const tab1 = await ctx.newPage();
  await login(tab1, tenant.url, memberEmail, 'member-password', '/');
  const tab2 = await ctx.newPage();
  await tab1.goto(`${tenant.url}/polls/${id}`);
  await tab2.goto(`${tenant.url}/polls/${id}`);
  await tab1.getByRole('radio', { name: 'Yes' }).check();
  await tab1.getByRole('button', { name: 'Vote' }).click();
  await expect(tab1.getByTestId('already-voted')).toContainText('You voted for Yes');
  await tab2.getByRole('radio', { name: 'No' }).check();
  await tab2.getByRole('button', { name: 'Vote' }).click();
  await expect(formAlert(tab2)).toHaveText('You have already voted on this poll.');
  await tab2.reload();
  await expect(tab2.getByTestId('total-votes')).toHaveText('1 vote in total');
  await ctx.close();

  // The tenant admin can delete the member's poll.
  await login(page, tenant.url, tenant.admin.email, tenant.admin.password, '/');
  await page.goto(`${tenant.url}/polls/${id}`);
  await page.getByRole('button', { name: 'Delete poll…' }).click();
  await page.getByRole('button', { name: 'Yes, delete poll' }).click();
  await expect(page).toHaveURL(`${tenant.url}/?deleted=1`);
});

test('the admin adds users; duplicates and bad input are explained inline', async ({ page, tenant }) => {
  await login(page, tenant.url, tenant.admin.email, tenant.admin.password, '/');
  await page.getByRole('link', { name: 'Users' }).click();
  await expect(page.getByRole('cell', { name: /admin@/ }).first()).toContainText('(you)');

  await page.getByLabel('Email').fill(tenant.admin.email);
  await page.getByLabel('Initial password').fill('long-enough-password');
  await page.getByLabel('Role').selectOption('admin');
  await page.getByRole('button', { name: 'Add user' }).click();
  await expect(page.locator('#field-email-error')).toHaveText(`A user with email ${tenant.admin.email} already exists.`);
  await expect(page.getByLabel('Role')).toHaveValue('admin');

  await page.getByLabel('Email').fill('second-admin@example.test');
  await page.getByLabel('Initial password').fill('short');
  await page.getByRole('button', { name: 'Add user' }).click();
  await expect(page.locator('#field-password-error')).toHaveText('Password must be at least 8 characters.');
  await expect(page.getByLabel('Email')).toHaveValue('second-admin@example.test');

  await page.getByLabel('Initial password').fill('long-enough-password');
  await page.getByRole('button', { name: 'Add user' }).click();
  await expect(page.getByText('second-admin@example.test can now log in here.')).toBeVisible();
  await expect(page.getByRole('row', { name: /second-admin@example.test/ })).toContainText('admin');
});

test('an action whose session has gone sends the user to this tenant’s login, not the root one', async ({ page, tenant }) => {
  await login(page, tenant.url, tenant.admin.email, tenant.admin.password, '/');
  await page.goto(`${tenant.url}/polls/new`);
  await page.getByLabel('Question').fill('Still logged in?');
  await page.getByLabel('Choice 1', { exact: true }).fill('Yes');
  await page.getByLabel('Choice 2', { exact: true }).fill('No');
  await page.context().clearCookies();
  await page.getByRole('button', { name: 'Create poll' }).click();
  await expect(page).toHaveURL(new RegExp(`^${tenant.url}/login`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Log in to ${tenant.name}`);
});
