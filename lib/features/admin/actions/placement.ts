'use server';

import { getLocale, getTranslations } from 'next-intl/server';
import { formatFixed } from '@/lib/features/admin/locale-format';
import { z } from 'zod';
import { schemaName } from '@/lib/features/admin/inputs';
import { directDb } from '@/lib/infra/db/pool';
import { textValue } from '@/lib/web/form-state';
import { moveTenant } from '@/lib/platform';
import { auditSuperuser } from './audit';
import { superuserAction } from './superuser-action';

// "Move to…" on the tenant page (Citus only): requireSuperuser() first, then zod, then the lib,
// which refuses unknown nodes, the current node and undistributed tenants in one sentence.

const moveInput = z.object({
  schema: schemaName,
  node: z.string().trim().min(1, 'Choose the worker to move the tenant to.'),
  confirm: z.literal('on', { error: 'Tick the box to confirm the move.' }),
});

export const moveTenantAction = superuserAction({
  name: 'moveTenant',
  read: (form) => {
    const values = { node: textValue(form, 'node') };
    return { values, input: { schema: textValue(form, 'schema'), node: values.node, confirm: textValue(form, 'confirm') } };
  },
  schema: moveInput,
  run: async (su, input) => {
    const r = await moveTenant(directDb(), input.schema, input.node);
    await auditSuperuser(su, 'tenant.move', input.schema, { from: r.from, to: r.to, bytes: r.bytes, ms: r.ms });
    const t = await getTranslations('admin.messages');
    const locale = await getLocale();
    const size = r.bytes >= 1024 * 1024 ? `${formatFixed(r.bytes / 1024 / 1024, 1, locale)} MB` : `${Math.round(r.bytes / 1024)} kB`;
    return { ok: true, message: t('moved', { from: r.from, to: r.to, size, seconds: formatFixed(r.ms / 1000, 1, locale) }) };
  },
});
