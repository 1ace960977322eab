'use server';

import { tenantLimitsInput } from '@/lib/admin/inputs';
import { requireSuperuser } from '@/lib/auth/session';
import { directDb } from '@/lib/db/pool';
import { invalidInput, textValue } from '@/lib/forms/form-state';
import { updateTenant } from '@/lib/tenancy';
import { formAction } from '../action';
import { auditSuperuser } from './audit';
import { revalidateAdmin } from './revalidate';

// A tenant's limits (issue 12): statement_timeout of its request transactions and its quotas;
// its fair share (issue 21): K (transactions at a time per process) and request rates.
// updateTenant refuses a quota below current usage, with the current figure, and changes nothing.
export const updateTenantLimitsAction = formAction({
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
  session: () => requireSuperuser('/admin'),
  schema: tenantLimitsInput,
  invalid: invalidInput,
  run: async (su, { schema, ...limits }, values) => {
    await updateTenant(directDb(), schema, limits);
    await auditSuperuser(su, 'tenant.limits', schema, limits);
    revalidateAdmin();
    return { ok: true, message: 'Limits saved.', values };
  },
});
