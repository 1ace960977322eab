import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Logs in through the login form of `origin` (a tenant URL, or '' for the root host = baseURL)
 * and waits for `expectPath` on that host ('/' on tenants; the root host goes to '/admin').
 */
export async function login(
  page: Page,
  origin: string,
  email: string,
  password: string,
  expectPath = origin === '' ? '/admin' : '/',
): Promise<void> {
  await page.goto(`${origin}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(`${origin}${expectPath}`);
}

/** Axe scan (WCAG 2.x A/AA + best practices); fails on serious or critical violations. */
export async function expectNoSeriousA11yViolations(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help}\n  ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 5)
          .join('\n  ')}`,
    )
    .join('\n');
  expect(bad, `axe on ${label}:\n${report}`).toEqual([]);
}

export const SCREENSHOT_DIR = path.resolve(__dirname, '..', '..', 'test-results', 'screenshots');

/** Full-page screenshot saved as test-results/screenshots/<name>.png. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Our alerts (form errors), without Next's always-present route announcer (also role="alert"). */
export function formAlert(page: Page) {
  return page.locator('[role="alert"]:not(#__next-route-announcer__)');
}

/**
 * GET a JSON URL through the browser (cookies of the page's context; Chromium resolves
 * *.localhost, Node's APIRequestContext does not). Navigates the page.
 */
export async function browserJson(page: Page, url: string): Promise<{ status: number; body: unknown }> {
  const res = await page.goto(url);
  if (!res) throw new Error(`no response for ${url}`);
  return { status: res.status(), body: await res.json() };
}

/** POST JSON from the page's current origin (same-origin fetch in the browser). */
export async function browserPost(page: Page, path: string, data: unknown): Promise<{ status: number; body: unknown }> {
  return page.evaluate(
    async ([p, d]) => {
      const r = await fetch(p, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(d) });
      const text = await r.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        /* keep text */
      }
      return { status: r.status, body };
    },
    [path, data] as const,
  );
}
