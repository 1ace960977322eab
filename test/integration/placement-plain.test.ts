import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePools, directDb } from '@/lib/infra/db/pool';
import { migrateShared } from '@/lib/tenancy';
import { stopTenancyListener } from '@/lib/tenancy/resolve-host';
import { provisionTenant } from '@/lib/platform/provision-tenant';
import { expectOneLineError, runCli } from '@/harness/run-cli';

// Placement commands on plain PostgreSQL: `list --json` says node null, the Citus-only commands
// refuse in one line. (The same commands on Citus: test/integration-citus/placement-cli.test.ts.)

beforeAll(async () => {
  await migrateShared(directDb());
  await provisionTenant(directDb(), { schema: 'plain_place', name: 'Plain', domain: 'plain-place.localhost' });
});

afterAll(async () => {
  await stopTenancyListener();
  await closePools();
});

describe('placement commands on plain PostgreSQL', () => {
  it('list --json gives node null', async () => {
    const r = await runCli('list', '--json');
    expect(r.code, r.stderr).toBe(0);
    const t = (JSON.parse(r.stdout) as { schema_name: string; node: unknown }[]).find((x) => x.schema_name === 'plain_place');
    expect(t).toBeDefined();
    expect(t!.node).toBeNull();
  });

  it.each([['nodes'], ['rebalance'], ['move', '--schema', 'plain_place', '--node', 'localhost:5433']])(
    '%s: "this database is not a Citus cluster"',
    async (...args) => {
      expectOneLineError(await runCli(...args), /this database is not a Citus cluster/);
    },
  );
});
