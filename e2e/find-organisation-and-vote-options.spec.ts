// Issue 15 items 10 and 13 at phone width (390 px): "find your organisation" (the same sentence for
// any address; the email, captured by a test SMTP server, links to each organisation's login) and a
// poll whose results stay hidden until you vote and whose vote can be changed.
import { startWorker } from '../lib/jobs/worker';
import { FIND_ORGANISATIONS_TASK, findOrganisationsTask } from '@/lib/features/auth/find-organisations-task';
import { firstLink, startSmtp } from '../harness/smtp';
import { browserJson, expect, expectNoSeriousA11yViolations, login, readEnvFile, test } from './fixtures';
import { provisionTestTenant, uniqueSub } from './support/tenants';

test.use({ viewport: { width: 390, height: 844 } });

const SENTENCE = 'If that address has an account in any organisation here, we have emailed it the address where each one logs in.';

test('find your organisation: one sentence for any address; the email lists each organisation’s login', async ({ page }) => {
  const env = readEnvFile();
  const email = `${uniqueSub('person')}@people.test`;
  const a = await provisionTestTenant({ adminEmail: email, name: 'Alpha Club' });
  const b = await provisionTestTenant({ adminEmail: email, name: 'Beta Works' });

  await page.goto('/');
  await page.getByRole('link', { name: 'Find your organisation' }).click();
  await expect(page).toHaveURL(/\/find-organisation$/);
  await expect(page.getByRole('heading', { name: 'Find your organisation' })).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'find-organisation');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  await page.getByLabel('Your email').fill('not an email');
  await page.getByRole('button', { name: 'Email me my organisations' }).click();
  await expect(page.locator('#field-email-error')).toHaveText('Enter a valid email address.');

  const nobody = `${uniqueSub('nobody')}@people.test`;
  await page.getByLabel('Your email').fill(nobody);
  await page.getByRole('button', { name: 'Email me my organisations' }).click();
  await expect(page.getByTestId('find-organisation-sent')).toContainText(SENTENCE);
  const forNobody = await page.getByTestId('find-organisation-sent').innerText();

  await page.reload();
  await page.getByLabel('Your email').fill(email.toUpperCase());
  await page.getByRole('button', { name: 'Email me my organisations' }).click();
  await expect(page.getByTestId('find-organisation-sent')).toContainText(SENTENCE);
  expect(await page.getByTestId('find-organisation-sent').innerText()).toBe(forNobody);
  await expectNoSeriousA11yViolations(page, 'find-organisation-sent');

  // The worker (only this task, so other specs' queued emails stay queued) sends through a test SMTP server.
  const smtp = await startSmtp();
  process.env.SMTP_URL = smtp.url;
  process.env.ROOT_DOMAIN = env.rootDomain;
  process.env.LINK_SCHEME = 'http';
  const worker = await startWorker({ concurrency: 1, pollInterval: 200, taskList: { [FIND_ORGANISATIONS_TASK]: findOrganisationsTask } });
  try {
    await expect.poll(() => smtp.messages.filter((m) => m.to.includes(email)).length, { timeout: 20_000 }).toBe(1);
    const mail = smtp.messages.find((m) => m.to.includes(email))!;
    expect(mail.subject).toBe('Your organisations on Quorum');
    expect(mail.text).toContain(`Alpha Club: ${a.url}/login?email=`);
    expect(mail.text).toContain(`Beta Works: ${b.url}/login?email=`);
    // Nothing at all for the address without accounts.
    await new Promise((r) => setTimeout(r, 1000));
    expect(smtp.messages.filter((m) => m.to.includes(nobody))).toEqual([]);

    await page.goto(firstLink(mail.text).toString());
    await expect(page.getByLabel('Email')).toHaveValue(email);
  } finally {
    await worker.stop();
    await smtp.stop();
  }
});

test('a poll that hides results until you vote and lets you change your vote', async ({ page, tenant }) => {
  await login(page, tenant.url, tenant.admin.email, tenant.admin.password, '/');
  await page.goto(`${tenant.url}/polls/new`);
  await page.getByLabel('Question').fill('Where shall we meet?');
  await page.getByLabel('Choice 1', { exact: true }).fill('Office');
  await page.getByLabel('Choice 2', { exact: true }).fill('Park');
  await page.getByLabel('Voters may change their vote until the poll closes').check();
  await page.getByLabel('Hide results until you have voted').check();
  await expectNoSeriousA11yViolations(page, 'new-poll-with-options');
  await page.getByRole('button', { name: 'Create poll' }).click();
  await expect(page).toHaveURL(/\/polls\/\d+(\?created=1)?$/);
  const id = Number(/\/polls\/(\d+)/.exec(page.url())![1]);

  // Before voting: the options are said, and there are no counts anywhere on the page.
  await expect(page.getByTestId('poll-options')).toContainText('Votes can be changed until the poll closes');
  await expect(page.getByTestId('poll-options')).toContainText('Results shown after you vote');
  await expect(page.getByTestId('results-hidden')).toBeVisible();
  await expect(page.getByTestId('result-count')).toHaveCount(0);
  await expect(page.locator('main')).not.toContainText(/\d+ votes?\b/);
  await expectNoSeriousA11yViolations(page, 'poll-results-hidden');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  await page.getByLabel('Office').check();
  await page.getByRole('button', { name: 'Vote', exact: true }).click();
  await expect(page.getByText('Thank you: your vote is counted.')).toBeVisible();
  await expect(page.getByTestId('already-voted')).toContainText('You voted for Office. You can change your vote until the poll closes.');
  await expect(page.getByTestId('result-count')).toHaveText(['1 vote (100%)', '0 votes (0%)']);

  // Change it: the old choice no longer counts.
  await page.getByLabel('Park').check();
  await page.getByRole('button', { name: 'Change vote' }).click();
  await expect(page.getByText('Your vote is changed: only your new choice counts.')).toBeVisible();
  await expect(page.getByTestId('already-voted')).toContainText('You voted for Park.');
  await expect(page.getByTestId('result-count')).toHaveText(['0 votes (0%)', '1 vote (100%)']);
  await expect(page.getByTestId('total-votes')).toHaveText('1 vote in total');
  await expectNoSeriousA11yViolations(page, 'poll-vote-changed');

  // An anonymous JSON reader (the page's cookie is not a bearer token) still gets no counts.
  const anon = await browserJson(page, `${tenant.url}/api/polls/${id}`);
  expect(anon.status).toBe(200);
  expect(anon.body).toMatchObject({ poll: { results_hidden: true, total_votes: null, hide_results: true, allow_vote_change: true } });
});
