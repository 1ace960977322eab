// Downloads: the tenant admin's "Download your data" (ZIP of CSV files, no password hashes) and
// the operator's per-tenant export on the admin tenant page (a file `tenants import` restores).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { addPoll, addTenantUser, expect, login, test } from './fixtures';

test('a tenant admin downloads a ZIP of CSV files; a member cannot', async ({ page, tenant, browser }) => {
  await addTenantUser(tenant, { email: 'member@dl.test', password: 'member-pass-1', name: 'Mem, "Quoted"' });
  await addPoll(tenant, tenant.admin.email, { question: 'Lunch, today?', choices: ['=SUM(A1)', 'no'] });
  await login(page, tenant.url, tenant.admin.email, tenant.admin.password);
  await page.goto(`${tenant.url}/users`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download your data' }).click()]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^${tenant.schema}-data-\\d{4}-\\d{2}-\\d{2}\\.zip$`));
  const file = await download.path();
  const list = execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).trim().split('\n').sort();
  expect(list).toEqual(['choices.csv', 'polls.csv', 'users.csv', 'votes.csv']);
  const read = (name: string) => execFileSync('unzip', ['-p', file, name], { encoding: 'utf8' });
  expect(read('polls.csv')).toMatch(
    /^\uFEFFid,question,created_by,pub_date,closes_at,allow_vote_change,hide_results\r\n1,"Lunch, today\?",1,\d{4}-[^,]+,,false,false\r\n/,
  );
  const choices = read('choices.csv');
  expect(choices.split('\r\n')[0]).toBe('\uFEFFid,poll_id,choice_text,position,vote_count');
  expect(choices).toContain(`,'=SUM(A1),0,0\r\n`); // formula defused for spreadsheets; no votes yet
  const users = read('users.csv');
  expect(users.split('\r\n')[0]).toBe('\uFEFFid,email,name,role,created_at');
  expect(users).toContain('member@dl.test,"Mem, ""Quoted""",member,');
  expect(users).not.toMatch(/scrypt|password/i);

  const memberCtx = await browser.newContext();
  const member = await memberCtx.newPage();
  await login(member, tenant.url, 'member@dl.test', 'member-pass-1');
  // Chromium resolves *.localhost (Node does not): ask through the page. A member is sent away, no file.
  await member.goto(`${tenant.url}/download`);
  await expect(member).toHaveURL(`${tenant.url}/?error=admin-only&page=download`);
  await expect(member.getByText('Only the organisation’s admins can download its data.')).toBeVisible();
  await memberCtx.close();
});

test('the operator downloads a tenant export from the admin tenant page', async ({ page, tenant, superuser }) => {
  await addPoll(tenant, tenant.admin.email, { question: 'Exported?', choices: ['yes', 'no'] });
  await login(page, '', superuser.email, superuser.password, '/admin');
  await page.goto(`/admin/tenants/${tenant.schema}`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download export' }).click()]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^${tenant.schema}-\\d{4}-\\d{2}-\\d{2}\\.qexport$`));
  const lines = gunzipSync(fs.readFileSync(await download.path()))
    .toString('utf8')
    .trim()
    .split('\n');
  expect(JSON.parse(lines[0])).toMatchObject({ kind: 'quorum-tenant-export', schema: tenant.schema });
  expect(lines.some((l) => l.includes('"Exported?"'))).toBe(true);
  expect(JSON.parse(lines.at(-1)!)).toMatchObject({ end: true, counts: { polls: 1, choices: 2 } });

  // Not for anyone else: a tenant admin's session on the root host is no superuser session.
  const anon = await page.context().browser()!.newContext();
  const res = await anon.request.get(`${page.url().split('/admin')[0]}/admin/tenants/${tenant.schema}/export`, { maxRedirects: 0 });
  expect(res.status()).toBeGreaterThanOrEqual(300);
  expect(res.headers()['content-type'] ?? '').not.toContain('gzip');
  await anon.close();
});

test('the operator restores an export as a new tenant and clones a tenant with its data', async ({ page, tenant, superuser, env }) => {
  await addPoll(tenant, tenant.admin.email, { question: 'Carried over?', choices: ['yes', 'no'] });
  await login(page, '', superuser.email, superuser.password, '/admin');
  await page.goto(`/admin/tenants/${tenant.schema}`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download export' }).click()]);
  const file = await download.path();
  const host = env.rootDomain.split(':')[0];

  await page.goto('/admin/tenants/new');
  const importForm = page.locator('form', { has: page.getByRole('button', { name: 'Import tenant' }) });
  await importForm.getByLabel('Export file').setInputFiles(file);
  // A taken schema is refused inline and nothing is created.
  await importForm.getByLabel('New schema name').fill(tenant.schema);
  await importForm.getByLabel('Primary domain (optional)').fill(`${tenant.sub}-restored.${host}`);
  await importForm.getByRole('button', { name: 'Import tenant' }).click();
  await expect(importForm.getByText(`The schema name '${tenant.schema}' is already taken.`)).toBeVisible();
  await importForm.getByLabel('New schema name').fill(`${tenant.schema}_restored`);
  await importForm.getByRole('button', { name: 'Import tenant' }).click();
  await page.waitForURL(`**/admin/tenants/${tenant.schema}_restored?created=1`);
  await expect(page.getByRole('heading', { level: 1, name: tenant.name })).toBeVisible();

  const restored = await page.context().newPage();
  await restored.goto(`http://${tenant.sub}-restored.${env.rootDomain}/api/polls`);
  expect(await restored.textContent('body')).toContain('Carried over?');

  await page.goto(`/admin/tenants/${tenant.schema}`);
  const cloneForm = page.locator('form', { has: page.getByRole('button', { name: 'Clone tenant' }) });
  await cloneForm.getByLabel('New schema name').fill(`${tenant.schema}_copy`);
  await cloneForm.getByLabel('Primary domain of the copy').fill(`${tenant.sub}-copy.${host}`);
  await cloneForm.getByLabel('Copy the data too').check();
  await cloneForm.getByRole('button', { name: 'Clone tenant' }).click();
  await page.waitForURL(`**/admin/tenants/${tenant.schema}_copy?cloned=1`);
  await expect(page.getByText('Tenant cloned')).toBeVisible();
  await restored.goto(`http://${tenant.sub}-copy.${env.rootDomain}/api/polls`);
  expect(await restored.textContent('body')).toContain('Carried over?');
});
