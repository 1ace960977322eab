'use server';

import { redirect } from 'next/navigation';
import type { AdminActionState } from '@/lib/features/admin/form-defaults';
import { cloneTenantInput } from '@/lib/features/admin/inputs';
import { tenantAdminHref } from '@/lib/platform/links';
import { requireSuperuser } from '@/lib/features/auth/session';
import { directDb } from '@/lib/infra/db/pool';
import { checkedValue, invalidInput, textValue } from '@/lib/web/form-state';
import { cloneTenant } from '@/lib/platform';
import { formAction } from '@/lib/web/action';
import { auditSuperuser } from './audit';
import { revalidateAdmin } from './revalidate';

// Clone a tenant from the admin tenant page (structure only, or with its data). The import of
// an export file is a route handler (app/admin/import/route.ts): files exceed the actions' body limit.

export const cloneTenantAction = formAction({
  name: 'cloneTenant',
  read: (form) => {
    const values = {
      from: textValue(form, 'from'),
      schema: textValue(form, 'schema'),
      domain: textValue(form, 'domain'),
      data: checkedValue(form, 'data') ? 'on' : '',
    };
    return { values, input: { ...values, data: values.data === 'on' } };
  },
  session: (form) => requireSuperuser(tenantAdminHref(textValue(form, 'from'))),
  schema: cloneTenantInput,
  invalid: invalidInput,
  run: async (su, input): Promise<AdminActionState> => {
    await cloneTenant(directDb(), { from: input.from, schema: input.schema, domain: input.domain, data: input.data });
    await auditSuperuser(su, 'tenant.clone', input.schema, { from: input.from, domain: input.domain, data: input.data });
    revalidateAdmin();
    redirect(`${tenantAdminHref(input.schema)}?cloned=1`);
  },
});
