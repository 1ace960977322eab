import { expect, login, readEnvFile, tenantURL, test, uniqueSub } from './fixtures';

// The whole visitor journey: sign up an organisation on the root host, land on the new tenant's
// polls page signed in, create a poll, add a member on /users, and both vote.
test('visitor signs up, creates a poll, a second user votes, results show counts', async ({ page, browser }) => {
  const sub = uniqueSub('signup');
  const adminEmail = `founder@${sub}.test`;
  const adminPassword = 'correct horse battery';

  await page.goto('/signup');
  await page.getByLabel('Organisation name').fill(`Acme ${sub}`);
  await page.getByLabel('Subdomain').fill(sub);
  await expect(page.getByText(`${sub}.${readEnvFile().rootDomain} is available.`)).toBeVisible();
  await page.getByLabel(/Your email/).fill(adminEmail);
  await page.getByLabel('Password').fill(adminPassword);
  await page.getByRole('button', { name: 'Create organisation' }).click();

  // The new organisation opens on its own host, signed in (issue 24, item 14: no login form).
  const origin = tenantURL(sub);
  await page.waitForURL(`${origin}/?welcome=1`);
  await expect(page.getByTestId('nav-email')).toHaveText(adminEmail);
  await expect(page.getByText('No polls yet.')).toBeVisible();

  // Create a poll with three choices (one added in the form).
  await page.getByRole('link', { name: 'New poll' }).first().click();
  await page.getByLabel('Question').fill('Where should the team offsite be?');
  await page.getByLabel('Choice 1', { exact: true }).fill('Mountains');
  await page.getByLabel('Choice 2', { exact: true }).fill('Seaside');
  await page.getByRole('button', { name: 'Add a choice' }).click();
  await expect(page.getByLabel('Choice 3', { exact: true })).toBeFocused();
  await page.getByLabel('Choice 3', { exact: true }).fill('City');
  await page.getByRole('button', { name: 'Create poll' }).click();
  await page.waitForURL(new RegExp(`^${origin}/polls/\\d+(\\?created=1)?$`));
  const pollPath = new URL(page.url()).pathname;
  await expect(page.getByRole('heading', { level: 1, name: 'Where should the team offsite be?' })).toBeVisible();

  // The admin votes.
  await page.getByRole('radio', { name: 'Mountains' }).check();
  await page.getByRole('button', { name: 'Vote' }).click();
  await expect(page.getByText('Thank you: your vote is counted.')).toBeVisible();
  await expect(page.getByTestId('already-voted')).toContainText('You voted for Mountains');

  // The admin adds a member.
  await page.getByRole('link', { name: 'Users' }).click();
  const memberEmail = `member@${sub}.test`;
  await page.getByLabel('Email').fill(memberEmail);
  await page.getByLabel('Name (optional)').fill('Mia Member');
  await page.getByLabel('Initial password').fill('member-password-1');
  await page.getByLabel('Role').selectOption('member');
  await page.getByRole('button', { name: 'Add user' }).click();
  await expect(page.getByText(`${memberEmail} can now log in here.`)).toBeVisible();
  await expect(page.getByRole('cell', { name: memberEmail, exact: true })).toBeVisible();

  // The member logs in elsewhere and votes.
  const other = await browser.newContext();
  const member = await other.newPage();
  await login(member, origin, memberEmail, 'member-password-1', '/');
  await member.goto(`${origin}${pollPath}`);
  await member.getByRole('radio', { name: 'Seaside' }).check();
  await member.getByRole('button', { name: 'Vote' }).click();
  await expect(member.getByText('Thank you: your vote is counted.')).toBeVisible();

  // Results: counts and percentages per choice.
  const rows = member.getByTestId('result-row');
  await expect(member.getByTestId('total-votes')).toHaveText('2 votes in total');
  await expect(rows.filter({ hasText: 'Mountains' }).getByTestId('result-count')).toHaveText('1 vote (50%)');
  await expect(rows.filter({ hasText: 'Seaside' }).getByTestId('result-count')).toHaveText('1 vote (50%)');
  await expect(rows.filter({ hasText: 'City' }).getByTestId('result-count')).toHaveText('0 votes (0%)');
  // A member cannot edit the admin's poll: no edit link, and the edit page explains why.
  await expect(member.getByRole('link', { name: 'Edit poll' })).toHaveCount(0);
  await member.goto(`${origin}${pollPath}/edit`);
  await expect(member.getByText('You can’t edit this poll')).toBeVisible();
  // Members don't manage users.
  await member.goto(`${origin}/users`);
  await expect(member.getByText('Only the organisation’s admins can manage users.')).toBeVisible();
  await other.close();

  // The admin sees the same totals on the list.
  await page.goto(`${origin}/`);
  await expect(page.getByRole('listitem').filter({ hasText: 'Where should the team offsite be?' })).toContainText('2 votes');
});
