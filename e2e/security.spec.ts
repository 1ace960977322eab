// Browser-side security: server actions refuse foreign origins, a captured action replayed on
// another tenant's host does nothing there, hidden form fields cannot choose the tenant or reach
// another tenant's rows, and markup in user text renders as text.
//
// Replays go out from Node (node:http to 127.0.0.1 with an explicit Host, since Node does not
// resolve *.localhost) with exactly the captured body and action headers; the database is then
// read directly.
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { BrowserContext, Page } from '@playwright/test';
import { withTenant } from '../lib/tenancy/with-tenant';
import { addPoll, expect, login, provisionTestTenant, readEnvFile, test, type TestTenant } from './fixtures';

function useE2eDatabase(): void {
  const env = readEnvFile();
  process.env.DIRECT_DATABASE_URL = env.directUrl;
  process.env.DATABASE_URL = env.pooledUrl;
  process.env.QUORUM_NO_LISTEN = '1';
}

/** Every poll of a tenant, read straight from its schema. */
async function polls(t: TestTenant): Promise<{ id: number; question: string }[]> {
  useE2eDatabase();
  return withTenant({ schema: t.schema }, (db) => db.selectFrom('polls').select(['id', 'question']).orderBy('id').execute());
}

interface Captured {
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

/** Submits the create-poll form on the page and captures the server-action request it sends. */
async function captureCreatePoll(page: Page, t: TestTenant, question: string): Promise<Captured> {
  let captured: Captured | undefined;
  await page.route(`${t.url}/polls/new`, async (route) => {
    const req = route.request();
    if (req.method() === 'POST' && req.headers()['next-action']) {
      captured = { path: new URL(req.url()).pathname, headers: req.headers(), body: req.postDataBuffer() ?? Buffer.alloc(0) };
    }
    await route.continue();
  });
  await page.goto(`${t.url}/polls/new`);
  await page.getByLabel('Question').fill(question);
  await page.getByLabel('Choice 1', { exact: true }).fill('Alpha');
  await page.getByLabel('Choice 2', { exact: true }).fill('Beta');
  await page.getByRole('button', { name: 'Create poll' }).click();
  await expect(page).toHaveURL(new RegExp(`^${t.url}/polls/\\d+(\\?created=1)?$`));
  await page.unroute(`${t.url}/polls/new`);
  expect(captured, 'the create-poll server action request').toBeDefined();
  return captured!;
}

async function sessionCookie(context: BrowserContext, t: TestTenant): Promise<string> {
  const c = (await context.cookies(t.url)).find((x) => x.name.includes('next-auth.session-token'));
  expect(c, `session cookie on ${t.host}`).toBeDefined();
  return `${c!.name}=${c!.value}`;
}

/**
 * Sends the captured action again from Node: same body (with the question text swapped, so the
 * result can be found), same action headers, the given Host, Origin and cookie.
 */
function replay(
  cap: Captured,
  from: string,
  to: string,
  opts: { host: string; origin: string | null; cookie: string | null },
): Promise<{ status: number; text: string }> {
  const body = Buffer.from(cap.body.toString('latin1').split(from).join(to), 'latin1');
  const headers: Record<string, string> = { host: opts.host, 'content-length': String(body.length) };
  for (const name of ['content-type', 'next-action', 'next-router-state-tree', 'accept'])
    if (cap.headers[name]) headers[name] = cap.headers[name]!;
  if (opts.origin !== null) headers.origin = opts.origin;
  if (opts.cookie !== null) headers.cookie = opts.cookie;
  const port = readEnvFile().port;
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: cap.path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.setTimeout(20_000, () => req.destroy(new Error('replay timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

const tag = () => randomBytes(3).toString('hex');

test('a server action with a foreign Origin is refused and writes nothing', async ({ page }) => {
  const [a, b] = await Promise.all([provisionTestTenant(), provisionTestTenant()]);
  await login(page, a.url, a.admin.email, a.admin.password, '/');
  const original = `Original ${tag()}`;
  const cap = await captureCreatePoll(page, a, original);
  const cookieA = await sessionCookie(page.context(), a);
  const origin = (t: TestTenant) => `http://${t.host}`;

  // Control: the captured request, replayed faithfully, does create a poll (so the refusals below are about the Origin).
  const faithful = `Faithful ${tag()}`;
  const ok = await replay(cap, original, faithful, { host: a.host, origin: origin(a), cookie: cookieA });
  expect(ok.status, ok.text.slice(0, 300)).toBeLessThan(400);
  await expect.poll(async () => (await polls(a)).some((p) => p.question === faithful)).toBe(true);

  // Foreign origins, with A's valid session cookie: another site, and a sibling tenant (same site
  // for cookies, so only the Origin check stands between tenant B's pages and A's actions).
  for (const foreign of ['http://evil.example', origin(b), 'null']) {
    const forged = `Forged ${tag()}`;
    const r = await replay(cap, original, forged, { host: a.host, origin: foreign, cookie: cookieA });
    expect(r.status, `Origin ${foreign}: ${r.text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
    const [inA, inB] = await Promise.all([polls(a), polls(b)]);
    expect(
      inA.map((p) => p.question),
      `Origin ${foreign}`,
    ).not.toContain(forged);
    expect(
      inB.map((p) => p.question),
      `Origin ${foreign}`,
    ).not.toContain(forged);
  }
});

test("an action captured on tenant A and replayed on tenant B's host stores nothing in B", async ({ browser, page }) => {
  const [a, b] = await Promise.all([provisionTestTenant(), provisionTestTenant()]);
  await login(page, a.url, a.admin.email, a.admin.password, '/');
  const original = `Captured on A ${tag()}`;
  const cap = await captureCreatePoll(page, a, original);
  const cookieA = await sessionCookie(page.context(), a);
  const ctxB = await browser.newContext();
  const pageB = await ctxB.newPage();
  await login(pageB, b.url, b.admin.email, b.admin.password, '/');
  const cookieB = await sessionCookie(ctxB, b);
  const before = { a: await polls(a), b: await polls(b) };

  // 1. A's session cookie on B's host (Origin consistent with B, so the CSRF check passes): B does
  //    not accept A's session, so the action does not run.
  const withA = `Replayed with A's cookie ${tag()}`;
  const r1 = await replay(cap, original, withA, { host: b.host, origin: `http://${b.host}`, cookie: cookieA });
  expect(r1.status, r1.text.slice(0, 200)).toBeLessThan(500);
  // 2. B's own session, but sent from A's page (Origin A): a cross-tenant forgery, refused.
  const fromA = `Replayed from A's origin ${tag()}`;
  const r2 = await replay(cap, original, fromA, { host: b.host, origin: `http://${a.host}`, cookie: cookieB });
  expect(r2.status, r2.text.slice(0, 200)).toBeGreaterThanOrEqual(400);
  // 3. No session at all.
  const anonymous = `Replayed anonymously ${tag()}`;
  const r3 = await replay(cap, original, anonymous, { host: b.host, origin: `http://${b.host}`, cookie: null });
  expect(r3.status, r3.text.slice(0, 200)).toBeLessThan(500);

  await new Promise((r) => setTimeout(r, 300));
  expect(await polls(b)).toEqual(before.b);
  expect(await polls(a)).toEqual(before.a);
  // B's page still shows only B's polls.
  await pageB.goto(`${b.url}/`);
  await expect(pageB.getByText(original)).toHaveCount(0);
  await ctxB.close();
});

test('tampered hidden fields cannot choose the tenant or reach another tenant’s poll', async ({ page }) => {
  const [a, b] = await Promise.all([provisionTestTenant(), provisionTestTenant()]);
  // B has three polls; A has one, so B's poll 3 has no namesake in A.
  const bIds = [];
  for (let i = 1; i <= 3; i++) bIds.push(await addPoll(b, b.admin.email, { question: `B poll ${i}`, choices: ['x', 'y'] }));
  const aId = await addPoll(a, a.admin.email, { question: 'A poll', choices: ['x', 'y'] });
  expect(bIds[2]).not.toBe(aId);
  await login(page, a.url, a.admin.email, a.admin.password, '/');

  // New poll with hidden "tenant"/"schema"/"host" fields naming B: created in A, nothing in B.
  await page.goto(`${a.url}/polls/new`);
  await page.evaluate(
    ({ schema, host }) => {
      const form = document.querySelector('form')!;
      for (const [name, value] of [
        ['tenant', schema],
        ['schema', schema],
        ['tenant_id', '1'],
        ['host', host],
        ['x-quorum-host', host],
      ]) {
        const input = document.createElement('input');
        input.type = 'hidden';
        input.name = name;
        input.value = value;
        form.appendChild(input);
      }
    },
    { schema: b.schema, host: b.host },
  );
  const question = `Tampered ${tag()}`;
  await page.getByLabel('Question').fill(question);
  await page.getByLabel('Choice 1', { exact: true }).fill('One');
  await page.getByLabel('Choice 2', { exact: true }).fill('Two');
  await page.getByRole('button', { name: 'Create poll' }).click();
  await expect(page).toHaveURL(new RegExp(`^${a.url}/polls/\\d+(\\?created=1)?$`));
  expect((await polls(a)).map((p) => p.question)).toContain(question);
  expect((await polls(b)).map((p) => p.question)).not.toContain(question);

  // Edit form of A's poll with its hidden id changed to B's poll 3: "not found" in A; B untouched.
  const beforeB = await polls(b);
  await page.goto(`${a.url}/polls/${aId}/edit`);
  await page.getByLabel('Question').fill('Rewritten through a tampered id');
  // After the last re-render (React would restore a controlled value), right before submitting.
  await page.evaluate((id) => {
    (document.querySelector('input[type=hidden][name=id]') as HTMLInputElement).value = String(id);
  }, bIds[2]);
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('Poll not found.').first()).toBeVisible();
  expect(await polls(b)).toEqual(beforeB);
  expect((await polls(a)).find((p) => p.id === aId)?.question).toBe('A poll');
});

test('markup in a poll renders as inert text', async ({ page, tenant }) => {
  const dialogs: string[] = [];
  page.on('dialog', async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  const question = `<img src=x onerror=alert(1)><script>alert(2)</script><svg onload="window.__xss=1">`;
  const choice = `<b onmouseover=alert(3)>bold</b><iframe src="javascript:alert(4)"></iframe>`;
  await login(page, tenant.url, tenant.admin.email, tenant.admin.password, '/');
  await page.goto(`${tenant.url}/polls/new`);
  await page.getByLabel('Question').fill(question);
  await page.getByLabel('Choice 1', { exact: true }).fill(choice);
  await page.getByLabel('Choice 2', { exact: true }).fill('plain');
  await page.getByRole('button', { name: 'Create poll' }).click();
  await expect(page).toHaveURL(/\/polls\/\d+(\?created=1)?$/);
  const pollUrl = page.url().replace(/\?.*$/, '');

  for (const url of [pollUrl, `${tenant.url}/`, `${pollUrl}/edit`]) {
    await page.goto(url);
    await page.waitForLoadState('networkidle');
    if (url.endsWith('/edit')) await expect(page.getByLabel('Question')).toHaveValue(question);
    else await expect(page.getByText(question, { exact: true }).first()).toBeVisible();
    // None of it became markup.
    await expect(page.locator('main img[src="x"], main svg[onload], main iframe, main b[onmouseover]')).toHaveCount(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), url).toBeUndefined();
  }
  await page.goto(pollUrl);
  await expect(page.getByText(choice, { exact: true }).first()).toBeVisible();
  expect(dialogs).toEqual([]);
});
