'use server';

import { z } from 'zod';
import { failure, invalidInput, revalidateAdmin, text, type AdminActionState } from '@/lib/admin/action-state';
import { schemaName } from '@/lib/admin/inputs';
import { requireSuperuser } from '@/lib/auth/session';
import { directDb } from '@/lib/db/pool';
import { moveTenant } from '@/lib/tenancy/placement';

// "Move to…" on the tenant page (Citus only): requireSuperuser() first, then zod, then the lib,
// which refuses unknown nodes, the current node and undistributed tenants in one sentence.

const moveInput = z.object({
  schema: schemaName,
  node: z.string().trim().min(1, 'Choose the worker to move the tenant to.'),
  confirm: z.literal('on', { error: 'Tick the box to confirm the move.' }),
});

export async function moveTenantAction(_prev: AdminActionState, form: FormData): Promise<AdminActionState> {
  await requireSuperuser('/admin');
  const values = { node: text(form, 'node') };
  const parsed = moveInput.safeParse({ schema: text(form, 'schema'), node: values.node, confirm: text(form, 'confirm') });
  if (!parsed.success) return invalidInput(parsed.error.issues, values);
  try {
    const r = await moveTenant(directDb(), parsed.data.schema, parsed.data.node);
    revalidateAdmin();
    const size = r.bytes >= 1024 * 1024 ? `${(r.bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.round(r.bytes / 1024)} kB`;
    return { ok: true, message: `Moved from ${r.from} to ${r.to}: ${size} in ${(r.ms / 1000).toFixed(1)} s.` };
  } catch (err) {
    return failure(err, values, 'moveTenant');
  }
}
