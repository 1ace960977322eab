import { defineConfig, devices } from '@playwright/test';

// The app server is NOT started with `webServer`: Playwright 1.65 starts webServer plugins before
// globalSetup, but the server needs the database that globalSetup creates. e2e/global-setup.ts
// starts PostgreSQL + PgBouncer, migrates, builds (NEXT_DIST_DIR=.next-e2e), runs the production server (server.ts)
// and tears all of it down afterwards. Specs get URLs and credentials from e2e/fixtures.ts.

const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './e2e/global-setup.ts',
  outputDir: 'test-results',
  timeout: 120_000, // the admin flows take ~45 s on 2 busy cores; a hang still fails
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: process.env.E2E_WORKERS ? Number(process.env.E2E_WORKERS) : 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    ...devices['Desktop Chrome'],
    channel: undefined,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    actionTimeout: 15_000,
    navigationTimeout: 20_000,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: chromiumArgs,
    },
  },
  projects: [{ name: 'chromium' }],
});
