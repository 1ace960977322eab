'use server';

import { z } from 'zod';
import { directDb } from '@/lib/infra/db/pool';
import { textValue } from '@/lib/web/form-state';
import { updateTenant } from '@/lib/platform';
import { getTranslations } from 'next-intl/server';
import { formAction } from '@/lib/web/action';
import { auditTenantAdmin } from '@/lib/features/auth/tenant-audit';
import { tenantWriter } from '@/lib/features/auth/actions/session';

const settingsInput = z.object({
  name: z.string().trim().min(1, 'Enter your organisation’s name.').max(200, 'The name is at most 200 characters.'),
  publicReads: z.enum(['on', 'off'], { error: 'Choose who may read your polls through the API.' }).transform((v) => v === 'on'),
});

/**
 * A tenant admin changes THIS host's organisation: its name and whether anonymous clients may
 * read polls through the JSON API. The tenant row lives in public (direct connection); the
 * change notifies every app process, so the API follows at once.
 */
export const updateSettingsAction = formAction({
  name: 'updateSettings',
  read: (form) => {
    const values = { name: textValue(form, 'name'), publicReads: textValue(form, 'publicReads') };
    return { values, input: values };
  },
  session: tenantWriter({ admin: true, next: () => '/settings' }),
  schema: settingsInput,
  run: async (ctx, { name, publicReads }, values) => {
    await updateTenant(directDb(), ctx.tenant.schema, { name, publicReads });
    await auditTenantAdmin(ctx, 'tenant.settings', { name, publicReads });
    return { ok: true, message: (await getTranslations('settings.form'))('saved'), values };
  },
});
