'use server';

import { getTranslations } from 'next-intl/server';
import { tenantLimitsInput } from '@/lib/features/admin/inputs';
import { directDb } from '@/lib/infra/db/pool';
import { textValue } from '@/lib/web/form-state';
import { updateTenant } from '@/lib/platform';
import { auditSuperuser } from './audit';
import { superuserAction } from './superuser-action';

// A tenant's limits (issue 12): statement_timeout of its request transactions and its quotas;
// its fair share (issue 21): K (transactions at a time per process) and request rates.
// updateTenant refuses a quota below current usage, with the current figure, and changes nothing.
export const updateTenantLimitsAction = superuserAction({
  name: 'updateTenantLimits',
  read: (form) => {
    const values = {
      statementTimeoutMs: textValue(form, 'statementTimeoutMs'),
      maxPolls: textValue(form, 'maxPolls'),
      maxUsers: textValue(form, 'maxUsers'),
      maxConcurrency: textValue(form, 'maxConcurrency'),
      rateLimit: textValue(form, 'rateLimit'),
      rateLimitPerAddress: textValue(form, 'rateLimitPerAddress'),
    };
    return { values, input: { ...values, schema: textValue(form, 'schema') } };
  },
  schema: tenantLimitsInput,
  run: async (su, { schema, ...limits }, values) => {
    await updateTenant(directDb(), schema, limits);
    await auditSuperuser(su, 'tenant.limits', schema, limits);
    return { ok: true, message: (await getTranslations('admin.messages'))('limitsSaved'), values };
  },
});
