// Shared fixtures for every spec (tenant area and superuser area):
//   import { test, expect } from './fixtures';
//   test('…', async ({ page, env, superuser, tenant }) => { await page.goto('/login'); … });
// `baseURL` is the root host (http://localhost:<port>); tenant hosts are http://<sub>.localhost:<port>
// (Chromium resolves *.localhost itself; Node does not — use `request` fixtures, not fetch by name).
import { test as base, expect } from '@playwright/test';
import { readEnvFile, type E2eEnv } from './support/env-file';
import { provisionTestTenant, type TestTenant } from './support/tenants';

export interface QuorumFixtures {
  /** Ports, URLs and database URLs of the run. */
  env: E2eEnv;
  /** The superuser created by global setup (log in on the root host). */
  superuser: { email: string; password: string };
  /** A fresh tenant (own subdomain, own admin) provisioned for this test. */
  tenant: TestTenant;
}

export const test = base.extend<QuorumFixtures>({
  env: async ({}, use) => {
    await use(readEnvFile());
  },
  baseURL: async ({}, use) => {
    await use(readEnvFile().rootURL);
  },
  superuser: async ({ env }, use) => {
    await use(env.superuser);
  },
  tenant: async ({}, use) => {
    await use(await provisionTestTenant());
  },
});

export { expect };
export { readEnvFile, type E2eEnv } from './support/env-file';
export {
  addPoll,
  addTenantUser,
  provisionTestTenant,
  tenantCount,
  tenantURL,
  uniqueSub,
  updateTestTenant,
  type TestTenant,
} from './support/tenants';
export { browserJson, browserPost, expectNoSeriousA11yViolations, formAlert, login, saveScreenshot } from './support/ui';
