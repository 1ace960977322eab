'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { requireTenantUser } from '@/lib/features/auth/session';
import { directDb } from '@/lib/infra/db/pool';
import { invalidInput, textValue } from '@/lib/web/form-state';
import { addDomain, verifyDomain } from '@/lib/platform';
import { formAction } from '@/lib/web/action';
import { auditTenantAdmin } from '@/lib/features/auth/tenant-audit';
import { tenantWriter } from '@/lib/features/auth/actions/session';

// A tenant admin manages the custom domains of THIS host's tenant (never one named by the form).
// The domain itself is checked by lib/tenancy (validateDomain), which answers with a sentence.
// Domain rows are shared tables: they change on the direct connection, like the superuser's.

const domainField = z.object({ domain: z.string().trim().min(1, 'Enter a domain, like polls.example.org.').max(253) });

export const addCustomDomainAction = formAction({
  name: 'addCustomDomain',
  read: (form) => {
    const values = { domain: textValue(form, 'domain') };
    return { values, input: values };
  },
  session: tenantWriter({ admin: true, next: () => '/domains' }),
  schema: domainField,
  invalid: invalidInput,
  run: async (ctx, { domain }) => {
    const d = await addDomain(directDb(), ctx.tenant.schema, domain);
    await auditTenantAdmin(ctx, 'domain.add', { domain: d.domain, verified: d.verified });
    revalidatePath('/domains');
    return d.verified
      ? { ok: true, message: `${d.domain} added.` }
      : { ok: true, message: `${d.domain} added, pending verification: create its TXT record, then press Verify.` };
  },
});

export const verifyCustomDomainAction = formAction({
  name: 'verifyCustomDomain',
  read: (form) => ({ input: { domain: textValue(form, 'domain') } }),
  // Verifying only confirms a domain already added, so a read-only tenant may still do it.
  session: () => requireTenantUser({ admin: true, next: '/domains' }),
  schema: domainField,
  invalid: invalidInput,
  run: async (ctx, { domain }) => {
    const r = await verifyDomain(directDb(), ctx.tenant.schema, domain);
    await auditTenantAdmin(ctx, 'domain.verify', { domain: r.domain });
    revalidatePath('/domains');
    return { ok: true, message: `${r.domain} is verified and answers now.` };
  },
});
