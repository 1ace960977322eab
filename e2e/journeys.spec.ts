import { createTranslator } from 'next-intl';
import { MESSAGES } from '../messages';
import { expect, expectNoSeriousA11yViolations, readEnvFile, tenantURL, test, uniqueSub } from './fixtures';

// Issue 25, part 3: the main journey — sign up an organisation, create a poll, add a member, both
// vote, results, a member's refusals — in each language, axe-clean on every page it passes. The
// browser asks for the language (Accept-Language); an organisation signed up in German keeps German
// as its default, so its host answers in German too. Every label and sentence comes from that
// language's catalogue: a page left in English fails the German run.
test.describe.configure({ timeout: 240_000 });

for (const locale of ['en', 'de'] as const) {
  test(`${locale}: sign up, create a poll, add a member, both vote, results; axe-clean`, async ({ browser }) => {
    const t = createTranslator({ locale, messages: MESSAGES[locale] });
    const browserLocale = locale === 'de' ? 'de-DE' : 'en-GB';
    const pct = (n: number) => new Intl.NumberFormat(locale, { style: 'percent' }).format(n);
    const sub = uniqueSub(`journey-${locale}`);
    const adminEmail = `founder@${sub}.test`;
    const context = await browser.newContext({ locale: browserLocale });
    const page = await context.newPage();

    await page.goto(`${readEnvFile().rootURL}/signup`);
    await expect(page.locator('html')).toHaveAttribute('lang', locale);
    await expectNoSeriousA11yViolations(page, `sign-up (${locale})`);
    await page.getByLabel(t('signup.form.name')).fill(`Acme ${sub}`);
    await page.getByLabel(t('signup.subdomain.label')).fill(sub);
    await expect(page.getByText(t('signup.actions.available', { address: `${sub}.${readEnvFile().rootDomain}` }))).toBeVisible();
    await page.getByLabel(t('signup.form.email')).fill(adminEmail);
    await page.getByLabel(t('signup.form.password'), { exact: true }).fill('correct horse battery');
    await page.getByRole('button', { name: t('signup.form.submit') }).click();

    const origin = tenantURL(sub);
    await page.waitForURL(`${origin}/?welcome=1`);
    await expect(page.locator('html')).toHaveAttribute('lang', locale);
    await expect(page.getByText(t('polls.list.empty'))).toBeVisible();
    await expectNoSeriousA11yViolations(page, `empty polls list (${locale})`);

    await page
      .getByRole('link', { name: t('polls.list.newPoll') })
      .first()
      .click();
    await expectNoSeriousA11yViolations(page, `new poll (${locale})`);
    await page.getByLabel(t('polls.form.question'), { exact: true }).fill('Offsite?');
    await page.getByLabel(t('polls.form.choice', { n: 1 }), { exact: true }).fill('Mountains');
    await page.getByLabel(t('polls.form.choice', { n: 2 }), { exact: true }).fill('Seaside');
    await page.getByRole('button', { name: t('polls.form.add') }).click();
    await page.getByLabel(t('polls.form.choice', { n: 3 }), { exact: true }).fill('City');
    await page.getByRole('button', { name: t('polls.form.create') }).click();
    await page.waitForURL(new RegExp(`^${origin}/polls/\\d+(\\?created=1)?$`));
    const pollPath = new URL(page.url()).pathname;

    await page.getByRole('radio', { name: 'Mountains' }).check();
    await page.getByRole('button', { name: t('polls.vote.submit'), exact: true }).click();
    await expect(page.getByText(t('polls.poll.voted'))).toBeVisible();
    await expectNoSeriousA11yViolations(page, `poll after a vote (${locale})`);

    await page
      .getByRole('link', { name: t('tenant.nav.users'), exact: true })
      .first()
      .click();
    await expect(page.locator('html')).toHaveAttribute('lang', locale);
    await expectNoSeriousA11yViolations(page, `users (${locale})`);
    const memberEmail = `member@${sub}.test`;
    await page.getByLabel(t('tenant.newUserForm.email'), { exact: true }).fill(memberEmail);
    await page.getByLabel(t('tenant.newUserForm.name')).fill('Mia Member');
    await page.getByLabel(t('tenant.newUserForm.password')).fill('member-password-1');
    await page.getByLabel(t('tenant.roleField.label')).selectOption('member');
    await page.getByRole('button', { name: t('tenant.newUserForm.submit') }).click();
    await expect(page.getByText(t('tenant.users.created', { email: memberEmail }))).toBeVisible();

    // The member, in another browser asking for the same language, logs in on the organisation's host.
    const other = await browser.newContext({ locale: browserLocale });
    const member = await other.newPage();
    await member.goto(`${origin}/login`);
    await expect(member.locator('html')).toHaveAttribute('lang', locale);
    await expectNoSeriousA11yViolations(member, `tenant login (${locale})`);
    await member.getByLabel(t('auth.login.form.email')).fill(memberEmail);
    await member.getByLabel(t('auth.login.form.password')).fill('member-password-1');
    await member.getByRole('button', { name: t('auth.login.form.logIn') }).click();
    await member.waitForURL(`${origin}/`);
    await member.goto(`${origin}${pollPath}`);
    await member.getByRole('radio', { name: 'Seaside' }).check();
    await member.getByRole('button', { name: t('polls.vote.submit'), exact: true }).click();
    await expect(member.getByText(t('polls.poll.voted'))).toBeVisible();

    const rows = member.getByTestId('result-row');
    await expect(member.getByTestId('total-votes')).toHaveText(t('polls.results.total', { count: 2 }));
    await expect(rows.filter({ hasText: 'Mountains' }).getByTestId('result-count')).toHaveText(
      t('polls.results.count', { count: 1, percent: pct(0.5) }),
    );
    await expect(rows.filter({ hasText: 'City' }).getByTestId('result-count')).toHaveText(
      t('polls.results.count', { count: 0, percent: pct(0) }),
    );
    await expectNoSeriousA11yViolations(member, `results (${locale})`);
    await member.goto(`${origin}${pollPath}/edit`);
    await expect(member.getByText(t('polls.edit.cannotEditTitle'))).toBeVisible();
    await member.goto(`${origin}/users`);
    await expect(member.getByText(t('polls.list.adminOnly.users'))).toBeVisible();
    await expectNoSeriousA11yViolations(member, `member sent away from users (${locale})`);
    await other.close();

    await page.goto(`${origin}/`);
    await expect(page.getByRole('listitem').filter({ hasText: 'Offsite?' })).toContainText(t('polls.list.votes', { count: 2 }));
    await context.close();
  });
}
