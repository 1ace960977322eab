// The audit log (issue 12, part 4): append-only, filtered listing.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit, recordAudit } from '@/lib/admin/audit';
import { closePools, directDb } from '@/lib/db/pool';
import { pgErrorCode } from '@/lib/errors';
import { migrateShared } from '@/lib/tenancy/migrate/runner';

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
});
