// The operator dashboard above the tenant list on /admin (issue 15, item 15): four charts with
// text alternatives, axe-clean, and usable at 390 px; the busiest tenants of the last hour below them.
import { recordPoolSample } from '@/lib/features/admin/pool-samples';
import { recordTenantUsage } from '@/lib/features/admin/tenant-usage';
import { directDb } from '@/lib/infra/db/pool';
import { expect, expectNoSeriousA11yViolations, login, provisionTestTenant, saveScreenshot, test, uniqueSub } from './fixtures';

const CHARTS = [
  { id: 'signups', title: 'Signups per day, last 30 days' },
  { id: 'status', title: 'Tenants by status' },
  { id: 'sizes', title: 'Largest tenants by database size' },
  { id: 'pool', title: 'Connection pool, last hour' },
];

test('the dashboard draws signups, statuses, sizes and pool use, each with its data as a table', async ({ page, superuser }) => {
  const tenant = await provisionTestTenant({ sub: uniqueSub('dash'), name: 'Dashboard Demo' });
  // Pool samples as the worker's cron job would store them (no worker runs in the e2e setup).
  const now = Date.now();
  for (let m = 12; m >= 1; m--) {
    await recordPoolSample(
      directDb(),
      { cl_active: m % 4, cl_waiting: m === 3 ? 2 : 0, sv_active: m % 3, sv_idle: 2, sv_used: 0, maxwait_s: 0, xact_per_s: 10 * m },
      new Date(now - m * 60_000),
    );
  }

  // A minute of usage as the server's flush records it (busiest by far: first in the table).
  const counts = { requests: 1_000_000, dbMs: 93_000, throttled: 12, refused: 3 };
  await recordTenantUsage(directDb(), { since: now - 5 * 60_000, tenants: new Map([[tenant.schema, counts]]) });

  await login(page, '', superuser.email, superuser.password);
  await expect(page.getByRole('heading', { level: 1, name: 'Tenants' })).toBeVisible();
  const dashboard = page.getByTestId('dashboard');
  for (const c of CHARTS) {
    await expect(dashboard.getByRole('img', { name: c.title })).toBeVisible();
  }
  // The tenant list is still here, below the charts.
  await expect(page.getByRole('region', { name: 'Tenants table' })).toBeVisible();

  // Today's signups include the tenant just made; its table says so in words.
  const signups = page.getByTestId('chart-signups');
  await signups.getByText('Show the data').click();
  const lastRow = signups.getByTestId('chart-signups-table').locator('tbody tr').last();
  await expect(lastRow.locator('td').nth(1)).not.toHaveText('0');
  await expect(signups.getByTestId('chart-signups-table').locator('tbody tr')).toHaveCount(30);

  const status = page.getByTestId('chart-status');
  await status.getByText('Show the data').click();
  await expect(status.getByRole('row', { name: /Active, no end date|Trial|Paid/ }).first()).toBeVisible();

  const sizes = page.getByTestId('chart-sizes');
  await sizes.getByText('Show the data').click();
  await expect(sizes.getByTestId('chart-sizes-table').locator('tbody tr')).not.toHaveCount(0);
  await expect(sizes.getByTestId('chart-sizes-table').locator('tbody tr').first().locator('td').nth(1)).toHaveText(
    /\d+(\.\d)? (B|kB|MB|GB)/,
  );

  const pool = page.getByTestId('chart-pool');
  await expect(pool.getByTestId('chart-pool-empty')).toHaveCount(0);
  await expect(pool.locator('svg[role="img"] path').first()).toBeVisible();
  await pool.getByText('Show the data').click();
  await expect(pool.getByTestId('chart-pool-table').locator('tbody tr')).toHaveCount(12);
  expect(tenant.schema).toBeTruthy();

  const busiest = page.getByTestId('busiest-tenants');
  await expect(busiest.getByRole('heading', { name: 'Busiest tenants, last hour' })).toBeVisible();
  const top = busiest.getByTestId('busiest-tenants-table').locator('tbody tr').first();
  await expect(top).toHaveAttribute('data-busiest-schema', tenant.schema);
  await expect(top.locator('td')).toHaveText([/Dashboard Demo/, '1,000,000', '1.6 min', '12', '3']);
  await expect(top.getByRole('link', { name: 'Dashboard Demo' })).toHaveAttribute('href', `/admin/tenants/${tenant.schema}`);

  await expectNoSeriousA11yViolations(page, 'admin dashboard, data tables open');
  await saveScreenshot(page, 'admin-dashboard');

  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  for (const c of CHARTS) await expect(dashboard.getByRole('img', { name: c.title })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth), 'the dashboard fits 390 px').toBeLessThanOrEqual(390);
  // Every chart is as wide as its card, not shrunk to a sliver or spilling out.
  for (const c of CHARTS) {
    const box = await dashboard.getByRole('img', { name: c.title }).boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(250);
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(390);
  }
  await expectNoSeriousA11yViolations(page, 'admin dashboard at 390 px');
  await saveScreenshot(page, 'admin-dashboard-390');
});
