'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { requireTenantUser } from '@/lib/features/auth/session';
import { directDb } from '@/lib/infra/db/pool';
import { invalidInput, textValue } from '@/lib/web/form-state';
import { addDomain, isRootSubdomain, listDomains, removeDomain, verifyDomain } from '@/lib/platform';
import { validateDomain } from '@/lib/tenancy/host';
import { describeDomain, domainFromInput, domainLengthError } from '@/lib/platform/domain-input';
import { requestHost } from '@/lib/tenancy/request';
import { UserError } from '@/lib/infra/errors';
import { getTranslations } from 'next-intl/server';
import { formAction } from '@/lib/web/action';
import { auditTenantAdmin } from '@/lib/features/auth/tenant-audit';
import { tenantWriter } from '@/lib/features/auth/actions/session';

// A tenant admin manages the custom domains of THIS host's tenant (never one named by the form).
// The domain itself is checked by lib/tenancy (validateDomain), which answers with a sentence.
// Domain rows are shared tables: they change on the direct connection, like the superuser's.

const domainField = z.object({ domain: z.string().trim().min(1, 'Enter a domain, like polls.example.org.').max(253) });

/** The add form: `https://x.org/` becomes `x.org` (just the domain), and a too long name is said plainly. */
const newDomainField = z.object({
  domain: z
    .string()
    .transform(domainFromInput)
    .pipe(
      z
        .string()
        .min(1, 'Enter just the domain, like polls.example.org.')
        .superRefine((d, ctx) => {
          const error = domainLengthError(d);
          if (error) ctx.addIssue({ code: 'custom', message: error });
        }),
    ),
});

export const addCustomDomainAction = formAction({
  name: 'addCustomDomain',
  read: (form) => {
    const values = { domain: textValue(form, 'domain') };
    return { values, input: values };
  },
  session: tenantWriter({ admin: true, next: () => '/domains' }),
  schema: newDomainField,
  invalid: invalidInput,
  run: async (ctx, { domain }) => {
    const d = await addDomain(directDb(), ctx.tenant.schema, domain);
    await auditTenantAdmin(ctx, 'domain.add', { domain: d.domain, verified: d.verified });
    revalidatePath('/domains');
    const name = describeDomain(d.domain);
    const t = await getTranslations('tenant.actions');
    return { ok: true, message: d.verified ? t('domainAdded', { name }) : t('domainAddedPending', { name }) };
  },
});

export const verifyCustomDomainAction = formAction({
  name: 'verifyCustomDomain',
  read: (form) => {
    // Echoed back so the page shows a refusal in the box of the domain it is about.
    const values = { domain: textValue(form, 'domain') };
    return { values, input: values };
  },
  // Verifying only confirms a domain already added, so a read-only tenant may still do it.
  session: () => requireTenantUser({ admin: true, next: '/domains' }),
  schema: domainField,
  invalid: invalidInput,
  run: async (ctx, { domain }) => {
    const r = await verifyDomain(directDb(), ctx.tenant.schema, domain);
    await auditTenantAdmin(ctx, 'domain.verify', { domain: r.domain });
    revalidatePath('/domains');
    return { ok: true, message: (await getTranslations('tenant.actions'))('domainVerified', { domain: r.domain }) };
  },
});

export const removeCustomDomainAction = formAction({
  name: 'removeCustomDomain',
  read: (form) => ({ input: { domain: textValue(form, 'domain') } }),
  // tenantWriter: the admin role is read from the database, not from the session cookie.
  session: tenantWriter({ admin: true, next: () => '/domains' }),
  schema: domainField,
  invalid: invalidInput,
  run: async (ctx, { domain }) => {
    const v = validateDomain(domain);
    if (!v.ok) throw new UserError(v.error, 400, 'domain');
    const name = v.domain;
    const t = await getTranslations('tenant.actions');
    // Only this tenant's own rows: the list is read by the session's tenant id, never the form.
    const row = (await listDomains(directDb(), ctx.tenant.id)).find((d) => d.domain === name);
    if (!row) throw new UserError(t('domainNotOurs', { name }), 404, 'domain');
    if (row.is_primary) throw new UserError(t('domainPrimary', { name }), 409, 'domain');
    if (isRootSubdomain(row.domain)) throw new UserError(t('domainOwnAddress', { name }), 409, 'domain');
    if ((await requestHost())?.host === row.domain) throw new UserError(t('domainInUse', { name }), 409, 'domain');
    await removeDomain(directDb(), ctx.tenant.schema, row.domain);
    await auditTenantAdmin(ctx, 'domain.remove', { domain: row.domain, verified: row.verified });
    revalidatePath('/domains');
    return { ok: true, message: t('domainRemoved', { name: describeDomain(row.domain) }) };
  },
});
