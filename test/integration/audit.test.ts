// The audit log (issue 12, part 4): append-only, filtered listing.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit, recordAudit } from '@/lib/platform/audit';
import { closePools, directDb } from '@/lib/infra/db/pool';
import { pgErrorCode } from '@/lib/infra/errors';
import { migrateShared } from '@/lib/tenancy/migrate/runner';
import { cliActor } from '@/lib/cli/audit';
import { runCli } from '@/harness/run-cli';

beforeAll(async () => {
  await migrateShared(directDb());
});

afterAll(async () => {
  await closePools();
});

describe('audit log', () => {
  it('records entries and lists them newest first, filtered by tenant and action', async () => {
    await recordAudit(directDb(), { actor: 'su@x.test', action: 'tenant.create', tenant: 'audit_a', address: '10.0.0.1' });
    await recordAudit(directDb(), {
      actor: 'su@x.test',
      action: 'tenant.limits',
      tenant: 'audit_a',
      detail: { maxPolls: 5 },
      address: '10.0.0.1',
    });
    await recordAudit(directDb(), { actor: 'su@x.test', action: 'tenant.create', tenant: 'audit_b', address: null });
    const a = await listAudit(directDb(), { tenant: 'audit_a' });
    expect(a.map((r) => r.action)).toEqual(['tenant.limits', 'tenant.create']);
    expect(a[0]).toMatchObject({ actor: 'su@x.test', detail: { maxPolls: 5 }, address: '10.0.0.1' });
    const created = await listAudit(directDb(), { action: 'tenant.create' });
    expect(created.map((r) => r.tenant).filter((t) => t?.startsWith('audit_'))).toEqual(['audit_b', 'audit_a']);
  });

  it('is append-only: update, delete and truncate are refused, even for the owner', async () => {
    for (const q of [sql`update public.audit_log set actor = 'x'`, sql`delete from public.audit_log`, sql`truncate public.audit_log`]) {
      let code: string | undefined;
      try {
        await q.execute(directDb());
      } catch (err) {
        code = pgErrorCode(err);
      }
      expect(code).toBe('42501');
    }
  });

  it('the CLI records its changes as cli:<os user>, with the tenant id that outlives the tenant', async () => {
    const create = await runCli('create', '--schema', 'audit_cli', '--name', 'Audit CLI', '--domain', 'audit-cli.localhost');
    expect(create.code, create.stderr).toBe(0);
    const id = (await directDb().selectFrom('public.tenants').select('id').where('schema_name', '=', 'audit_cli').executeTakeFirstOrThrow())
      .id;
    const del = await runCli('delete', '--schema', 'audit_cli', '--drop-schema');
    expect(del.code, del.stderr).toBe(0);
    const rows = await listAudit(directDb(), { tenantId: id });
    expect(rows.map((r) => [r.action, r.actor])).toEqual([
      ['tenant.delete', cliActor()],
      ['tenant.create', cliActor()],
    ]);
    expect(cliActor()).toMatch(/^cli:\S+$/);
  }, 120_000);
});
