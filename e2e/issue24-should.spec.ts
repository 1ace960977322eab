// Issue 24 "Should fix" items (6–20): one test per item, named by its number.
import { addPoll, addTenantUser, expect, expectNoSeriousA11yViolations, login, test } from './fixtures';

test('6. the author or an admin closes voting now (with a confirmation); a member who did not ask the poll cannot', async ({
  page,
  browser,
  tenant,
}) => {
  const memberEmail = `member@${tenant.sub}.test`;
  await addTenantUser(tenant, { email: memberEmail, password: 'member-password-6', role: 'member' });
  const id = await addPoll(tenant, tenant.admin.email, { question: 'Close me now?', choices: ['Yes', 'No'] });

  // A member who did not ask the poll has no such button.
  const other = await browser.newContext();
  const m = await other.newPage();
  await login(m, tenant.url, memberEmail, 'member-password-6', '/');
  await m.goto(`${tenant.url}/polls/${id}`);
  await expect(m.getByRole('radio')).toHaveCount(2);
  await expect(m.getByRole('button', { name: /Close voting now/ })).toHaveCount(0);

  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    if (width === 390) {
      // Reopen the poll for the second round, as the editor would (a new closing time).
      const m2 = await addPoll(tenant, tenant.admin.email, { question: `Close me at ${width}?`, choices: ['Yes', 'No'] });
      await page.goto(`${tenant.url}/polls/${m2}`);
    } else {
      await login(page, tenant.url, tenant.admin.email, tenant.admin.password, '/');
      await page.goto(`${tenant.url}/polls/${id}`);
    }
    await page.getByRole('button', { name: 'Close voting now…' }).click();
    await expect(page.getByRole('group', { name: /Close voting now\?/ })).toBeVisible();
    await expectNoSeriousA11yViolations(page, `close voting confirmation at ${width} px`);
    await page.getByRole('button', { name: 'Yes, close voting' }).click();
    await expect(page.getByText('Voting is closed. The results are final.')).toBeVisible();
    await expect(page.getByTestId('poll-closed')).toHaveText('This poll is closed: votes are no longer accepted.');
    await expect(page.getByTestId('poll-closing')).toContainText('Voting closed on');
    await expect(page.getByRole('radio')).toHaveCount(0);
    await expect(page.getByRole('button', { name: /Close voting now/ })).toHaveCount(0);
  }

  // The member's open form is refused now: the poll is closed.
  await m.getByRole('radio', { name: 'Yes' }).check();
  await m.getByRole('button', { name: /Vote/ }).click();
  await expect(m.getByText('This poll is closed: votes are no longer accepted.').first()).toBeVisible();
  await other.close();
});
