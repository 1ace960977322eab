// Issue 24 "Should fix" items (6–20): one test per item, named by its number.
import {
  addPoll,
  addTenantUser,
  expect,
  expectNoSeriousA11yViolations,
  formAlert,
  login,
  provisionTestTenant,
  test,
  uniqueSub,
} from './fixtures';
import { directDb } from '../lib/infra/db/pool';
import { addDomain } from '../lib/platform';
import { withTenant } from '../lib/tenancy/with-tenant';
import { newEmailToken } from '../lib/features/auth/email-token';

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

test('7. a tenant admin removes a pending and a verified non-primary custom domain; the primary and own subdomain stay', async ({
  page,
  tenant,
}) => {
  const verified = `vote-${tenant.sub}.example.net`;
  // The tenant fixture pointed this process at the e2e database.
  await addDomain(directDb(), tenant.schema, verified, { verified: true });
  await login(page, tenant.url, tenant.admin.email, tenant.admin.password, '/');
  await page.goto(`${tenant.url}/domains`);
  const pending = `polls-${tenant.sub}.example.org`;
  await page.getByLabel('Custom domain', { exact: true }).fill(pending);
  await page.getByRole('button', { name: 'Add domain' }).click();
  await expect(page.locator(`li[data-domain="${pending}"]`).getByText('Pending verification')).toBeVisible();

  // The organisation's own subdomain (the primary) has no Remove button.
  await expect(page.locator(`li[data-domain="${tenant.host.split(':')[0]}"]`).getByRole('button', { name: /Remove/ })).toHaveCount(0);

  for (const domain of [pending, verified]) {
    const row = page.locator(`li[data-domain="${domain}"]`);
    await row.getByRole('button', { name: `Remove… ${domain}` }).click();
    await expect(row.getByRole('group', { name: `Remove ${domain}? The organisation stops answering at this address.` })).toBeVisible();
    await expectNoSeriousA11yViolations(page, 'domain removal confirmation');
    await row.getByRole('button', { name: 'Yes, remove domain' }).click();
    await expect(page.getByRole('status').filter({ hasText: `${domain} removed.` })).toBeVisible();
    await expect(page.locator(`li[data-domain="${domain}"]`)).toHaveCount(0);
  }
  await expect(formAlert(page)).toHaveCount(0);
  const left = await directDb().selectFrom('public.domains').select('domain').where('domain', 'in', [pending, verified]).execute();
  expect(left).toEqual([]);
});

test('8. the domain field takes a pasted address, says plainly what is too long, and shows an IDN in Unicode beside its xn-- form', async ({
  page,
  tenant,
}) => {
  await login(page, tenant.url, tenant.admin.email, tenant.admin.password, '/');
  await page.goto(`${tenant.url}/domains`);
  const field = page.getByLabel('Custom domain', { exact: true });
  const add = page.getByRole('button', { name: 'Add domain' });

  await field.fill(`https://Polls-${tenant.sub}.Example.org/vote/?x=1`);
  await add.click();
  await expect(page.locator(`li[data-domain="polls-${tenant.sub}.example.org"]`).getByText('Pending verification')).toBeVisible();

  await field.fill(`${'a'.repeat(70)}.example.org`);
  await add.click();
  await expect(formAlert(page).first()).toContainText('Each part of a domain between dots can have at most 63 characters');
  await expect(field).toHaveValue(`${'a'.repeat(70)}.example.org`);

  await field.fill(`${'abcdefghi.'.repeat(26)}org`);
  await add.click();
  await expect(formAlert(page).first()).toContainText('That domain is 263 characters long; a domain can have at most 253.');

  await field.fill(`bücher-${tenant.sub}.example`);
  await add.click();
  const ascii = new URL(`http://bücher-${tenant.sub}.example`).hostname;
  expect(ascii.startsWith('xn--')).toBe(true);
  const row = page.locator(`li[data-domain="${ascii}"]`);
  await expect(row.getByTestId('domain-unicode')).toHaveText(`bücher-${tenant.sub}.example`);
  await expect(row).toContainText(`(${ascii})`);
  await expect(page.getByRole('status').filter({ hasText: `bücher-${tenant.sub}.example (${ascii}) added` })).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'domains with an IDN');
});

test("12. the polls list shows open or closed and the closing time, in the reader's time zone with UTC on hover", async ({
  browser,
  tenant,
}) => {
  const open = await addPoll(tenant, tenant.admin.email, { question: 'Open with a closing time?', choices: ['a', 'b'] });
  const closed = await addPoll(tenant, tenant.admin.email, { question: 'Closed already?', choices: ['a', 'b'] });
  await addPoll(tenant, tenant.admin.email, { question: 'Open for ever?', choices: ['a', 'b'] });
  await withTenant({ schema: tenant.schema }, async (db) => {
    await db
      .updateTable('polls')
      .set({ closes_at: new Date('2030-01-15T18:00:00Z') })
      .where('id', '=', open)
      .execute();
    await db
      .updateTable('polls')
      .set({ closes_at: new Date('2026-01-10T09:30:00Z'), closed_at: new Date('2026-01-10T09:30:00Z') })
      .where('id', '=', closed)
      .execute();
  });
  const context = await browser.newContext({ timezoneId: 'America/New_York' });
  const page = await context.newPage();
  await login(page, tenant.url, tenant.admin.email, tenant.admin.password, '/');
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`${tenant.url}/`);
    const item = (q: string) => page.getByRole('listitem').filter({ has: page.getByRole('link', { name: q }) });
    await expect(item('Open with a closing time?').getByText('Open', { exact: true })).toBeVisible();
    // 18:00 UTC is 13:00 in New York (EST) on 15 January.
    const when = item('Open with a closing time?').getByTestId('poll-closes');
    await expect(when).toHaveText(/^Closes on 15 Jan 2030, 13:00 (EST|GMT-5)$/);
    await expect(when.locator('time')).toHaveAttribute('title', '15 Jan 2030, 18:00 UTC');
    await expect(item('Closed already?').getByText('Closed', { exact: true })).toBeVisible();
    await expect(item('Closed already?').getByTestId('poll-closes')).toHaveText(/^Closed on 10 Jan 2026, 04:30 (EST|GMT-5)$/);
    await expect(item('Open for ever?').getByText('Open', { exact: true })).toBeVisible();
    await expect(item('Open for ever?').getByTestId('poll-closes')).toHaveCount(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await expectNoSeriousA11yViolations(page, `polls list with closing times at ${width} px`);
  }
  await page.goto(`${tenant.url}/polls/${open}`);
  await expect(page.getByTestId('poll-closing')).toHaveText(/^Voting closes on 15 Jan 2030, 13:00 (EST|GMT-5)\.$/);
  await expect(page.getByTestId('poll-closing').locator('time')).toHaveAttribute('title', '15 Jan 2030, 18:00 UTC');
  await context.close();
});

test('9. a member sent away from an admin page is told why, in words that fit that page', async ({ page, tenant }) => {
  const email = `member9@${tenant.sub}.test`;
  await addTenantUser(tenant, { email, password: 'member-password-9', role: 'member' });
  await login(page, tenant.url, email, 'member-password-9', '/');
  const reasons: [string, string][] = [
    ['/settings', 'Only the organisation’s admins can change its settings.'],
    ['/domains', 'Only the organisation’s admins can manage its domains.'],
    ['/audit', 'Only the organisation’s admins can read its audit log.'],
    ['/download', 'Only the organisation’s admins can download its data.'],
    ['/users', 'Only the organisation’s admins can manage users.'],
  ];
  for (const [path, sentence] of reasons) {
    await page.goto(`${tenant.url}${path}`);
    await expect(page).toHaveURL(new RegExp(`/\\?error=admin-only&page=${path.slice(1)}$`));
    await expect(formAlert(page)).toHaveText(sentence);
  }
  await expectNoSeriousA11yViolations(page, 'polls page with the admin-only reason');
});

test('13. the polls pages go newer as well as older, and say where you are', async ({ page, tenant }) => {
  for (let i = 1; i <= 45; i++) await addPoll(tenant, tenant.admin.email, { question: `Question ${i}?`, choices: ['a', 'b'] });
  await login(page, tenant.url, tenant.admin.email, tenant.admin.password, '/');
  const pager = page.getByRole('navigation', { name: 'Pages of polls' });
  const position = page.getByTestId('poll-page-position');
  const newer = pager.getByRole('link', { name: '← Newer polls' });
  const older = pager.getByRole('link', { name: 'Older polls →' });
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`${tenant.url}/`);
    await expect(position).toHaveText('Polls 1–20 of 45');
    await expect(newer).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'Question 45?' })).toBeVisible();
    await older.click();
    await expect(position).toHaveText('Polls 21–40 of 45');
    await expect(page.getByRole('link', { name: 'Question 25?' })).toBeVisible();
    await older.click();
    await expect(position).toHaveText('Polls 41–45 of 45');
    await expect(older).toHaveCount(0);
    await expectNoSeriousA11yViolations(page, `last page of polls at ${width} px`);
    await newer.click();
    await expect(position).toHaveText('Polls 21–40 of 45');
    await expect(page.getByRole('list', { name: 'Polls' }).getByRole('listitem').first()).toContainText('Question 25?');
    await expect(page.getByRole('list', { name: 'Polls' }).getByRole('listitem').last()).toContainText('Question 6?');
    await newer.click();
    await expect(page).toHaveURL(`${tenant.url}/`);
    await expect(position).toHaveText('Polls 1–20 of 45');
  }
  // The search is kept across pages and counted on its own.
  await page.goto(`${tenant.url}/?q=${encodeURIComponent('Question 1')}`);
  await expect(position).toHaveText('All 11 polls'); // 1, 10–19
});

test('10. drastic one-click actions ask first: demoting yourself, the only admin, suspending a tenant', async ({
  page,
  browser,
  tenant,
  superuser,
}) => {
  const secondAdmin = `admin2@${tenant.sub}.test`;
  await login(page, tenant.url, tenant.admin.email, tenant.admin.password, '/');
  await page.goto(`${tenant.url}/users`);
  const myDemote = page.getByRole('button', {
    name: new RegExp(`^Make member…\\s*:\\s*${tenant.admin.email.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
  });
  // The only admin: the button explains instead of sending a request that must fail.
  await myDemote.click();
  await expect(page.getByRole('group', { name: `Why ${tenant.admin.email} stays an admin` })).toContainText(
    'You are the organisation’s only admin. An organisation needs at least one admin',
  );
  await expectNoSeriousA11yViolations(page, 'only admin explanation');
  await page.getByRole('button', { name: 'OK' }).click();

  // With a second admin, demoting yourself asks first; Cancel keeps the role.
  await addTenantUser(tenant, { email: secondAdmin, password: 'second-admin-pw', role: 'admin' });
  await page.reload();
  await myDemote.click();
  const confirm = page.getByRole('form', { name: 'Confirm making yourself a member' });
  await expect(confirm).toContainText('Make yourself a member? You lose access to users');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toHaveCount(0);
  await myDemote.click();
  await confirm.getByRole('button', { name: 'Yes, make me a member' }).click();
  // The change applies at once (issue 24 item 1): the page re-checks the user row and sends the new
  // member away from /users with the reason.
  await expect(page).not.toHaveURL(/\/users$/);
  await page.goto(`${tenant.url}/users`);
  await expect(page).not.toHaveURL(/\/users$/);

  // The superuser's Suspend asks first; Cancel leaves the tenant active.
  const op = await (await browser.newContext()).newPage();
  await login(op, '', superuser.email, superuser.password);
  await op.goto(`/admin/tenants/${tenant.schema}`);
  await op.getByRole('button', { name: 'Suspend tenant…' }).click();
  const ask = op.getByRole('group', { name: `Suspend ${tenant.schema}? Everyone using it is locked out at once, until you resume it.` });
  await expect(ask).toBeVisible();
  await expectNoSeriousA11yViolations(op, 'suspend confirmation');
  await ask.getByRole('button', { name: 'Cancel' }).click();
  await expect(op.locator('[data-status="suspended"]')).toHaveCount(0);
  await op.getByRole('button', { name: 'Suspend tenant…' }).click();
  await op.getByRole('button', { name: 'Yes, suspend tenant' }).click();
  await expect(op.getByText('Tenant suspended: its hosts now show the suspended page.')).toBeVisible();
  await expect(op.getByRole('button', { name: 'Resume tenant' })).toBeVisible();
});

test("16. an unknown path on a tenant host shows the tenant's own 404 inside its shell, linking to its polls", async ({ page, tenant }) => {
  await login(page, tenant.url, tenant.admin.email, tenant.admin.password, '/');
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    for (const path of ['/no-such-page', '/polls/12/nope/deeper']) {
      const res = await page.goto(`${tenant.url}${path}`);
      expect(res?.status(), path).toBe(404);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Not found');
      await expect(page.getByRole('banner')).toContainText(tenant.name);
      await expect(page.getByRole('link', { name: 'Back to all polls' })).toHaveAttribute('href', '/');
    }
    await expectNoSeriousA11yViolations(page, `tenant 404 at ${width} px`);
  }
  await page.getByRole('link', { name: 'Back to all polls' }).click();
  await expect(page).toHaveURL(`${tenant.url}/`);
});

test('20. names without spaces wrap; /users does not scroll sideways at 390 px; a long search wraps and is capped', async ({ page }) => {
  const sub = uniqueSub('wide');
  const long = await provisionTestTenant({ sub, name: `${sub}${'n'.repeat(200 - sub.length)}` });
  await addTenantUser(long, { email: `${'e'.repeat(60)}@${sub}.test`, password: 'member-password-20', name: 'N'.repeat(200) });
  await login(page, long.url, long.admin.email, long.admin.password, '/');
  const search = 'S'.repeat(300);
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    for (const path of ['/', '/users', '/settings', `/?q=${search}`]) {
      await page.goto(`${long.url}${path}`);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(wide, `${path} at ${width} px`).toBeLessThanOrEqual(width);
    }
    await expect(page.getByTestId('no-match')).toBeVisible();
    expect(await page.getByLabel('Search polls').inputValue()).toHaveLength(200);
    await page.goto(`${long.url}/users`);
    await expectNoSeriousA11yViolations(page, `users with long names at ${width} px`);
  }
});

test('11. two tabs editing one poll: the second save is refused as stale instead of undoing the first', async ({
  page,
  context,
  tenant,
}) => {
  const id = await addPoll(tenant, tenant.admin.email, { question: 'Which room?', choices: ['Blue', 'Green'] });
  await login(page, tenant.url, tenant.admin.email, tenant.admin.password, '/');
  const second = await context.newPage();
  await page.goto(`${tenant.url}/polls/${id}/edit`);
  await second.goto(`${tenant.url}/polls/${id}/edit`);

  await page.getByLabel('Question').fill('Which room, tab one?');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('Your changes are saved.')).toBeVisible();

  await second.getByLabel('Question').fill('Which room, tab two?');
  await second.getByRole('button', { name: 'Save changes' }).click();
  await expect(formAlert(second).first()).toContainText('Someone else saved changes to this poll after you opened it');
  await expect(second.getByLabel('Question')).toHaveValue('Which room, tab two?');
  await expectNoSeriousA11yViolations(second, 'stale edit refused');

  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Which room, tab one?');
  // Opened again, the form is current and saves.
  await second.goto(`${tenant.url}/polls/${id}/edit`);
  await second.getByLabel('Question').fill('Which room, tab two?');
  await second.getByRole('button', { name: 'Save changes' }).click();
  await expect(second.getByText('Your changes are saved.')).toBeVisible();
  await expect(second.getByRole('heading', { level: 1 })).toHaveText('Which room, tab two?');
});

test('18. signup opens the new organisation without a cross-origin fetch (no CORS error, no OPTIONS)', async ({ page, env }) => {
  const sub = uniqueSub('cors');
  const origin = `http://${sub}.${env.rootDomain}`;
  const crossOrigin: string[] = [];
  const consoleErrors: string[] = [];
  page.on('request', (r) => {
    // Only what the signup page (still on the root host) asks of the new host.
    if (
      !page.url().startsWith(origin) &&
      r.url().startsWith(origin) &&
      (r.method() === 'OPTIONS' || ['fetch', 'xhr'].includes(r.resourceType()))
    )
      crossOrigin.push(`${r.method()} ${r.resourceType()} ${r.url()}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  await page.goto('/signup');
  await page.getByLabel('Organisation name').fill(`Cors ${sub}`);
  await page.getByLabel('Subdomain').fill(sub);
  await page.getByLabel(/Your email/).fill(`founder@${sub}.test`);
  await page.getByLabel('Password').fill('correct horse battery staple');
  await page.getByRole('button', { name: 'Create organisation' }).click();
  await page.waitForURL(`${origin}/?welcome=1`);
  await expect(page.getByTestId('nav-email')).toHaveText(`founder@${sub}.test`);
  expect(crossOrigin, 'requests to the new host made from the signup page').toEqual([]);
  expect(consoleErrors.filter((e) => /CORS|Access-Control|Failed to fetch/i.test(e))).toEqual([]);
});

test('14. accepting an invitation ends signed in, on the polls page, not on a login form', async ({ page, tenant }) => {
  const { token, hash } = newEmailToken();
  const invitee = `joiner@${tenant.sub}.test`;
  await withTenant({ schema: tenant.schema }, (db) =>
    db
      .insertInto('invitations')
      .values({ email: invitee, role: 'member', token_hash: hash, expires_at: new Date(Date.now() + 86_400_000) })
      .execute(),
  );
  await page.goto(`${tenant.url}/invite?token=${token}`);
  await page.getByLabel('Your name').fill('Joiner');
  await page.getByLabel('Choose a password').fill('a long joining password');
  await page.getByRole('button', { name: /Join|Accept|Create/ }).click();
  await page.waitForURL(`${tenant.url}/?joined=1`);
  await expect(page.getByText(`Welcome to ${tenant.name}: you are signed in.`)).toBeVisible();
  await expect(page.getByTestId('nav-email')).toHaveText(invitee);
  await expectNoSeriousA11yViolations(page, 'joined');
});
