'use server';

import { tenantLimitsInput } from '@/lib/features/admin/inputs';
import { requireSuperuser } from '@/lib/features/auth/session';
import { directDb } from '@/lib/infra/db/pool';
import { invalidInput, textValue } from '@/lib/web/form-state';
import { updateTenant } from '@/lib/platform';
import { formAction } from '@/lib/web/action';
import { auditSuperuser } from './audit';
import { revalidateAdmin } from './revalidate';

// A tenant's limits (issue 12): statement_timeout of its request transactions and its quotas.
// updateTenant refuses a quota below current usage, with the current figure, and changes nothing.
export const updateTenantLimitsAction = formAction({
  name: 'updateTenantLimits',
  read: (form) => {
    const values = {
      statementTimeoutMs: textValue(form, 'statementTimeoutMs'),
      maxPolls: textValue(form, 'maxPolls'),
      maxUsers: textValue(form, 'maxUsers'),
    };
    return { values, input: { ...values, schema: textValue(form, 'schema') } };
  },
  session: () => requireSuperuser('/admin'),
  schema: tenantLimitsInput,
  invalid: invalidInput,
  run: async (su, { schema, statementTimeoutMs, maxPolls, maxUsers }, values) => {
    await updateTenant(directDb(), schema, { statementTimeoutMs, maxPolls, maxUsers });
    await auditSuperuser(su, 'tenant.limits', schema, { statementTimeoutMs, maxPolls, maxUsers });
    revalidateAdmin();
    return { ok: true, message: 'Limits saved.', values };
  },
});
