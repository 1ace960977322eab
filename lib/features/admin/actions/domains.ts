'use server';

import { addDomainInput, domainInput } from '@/lib/features/admin/inputs';
import { requireSuperuser } from '@/lib/features/auth/session';
import { checkedValue, invalidInput, textValue } from '@/lib/web/form-state';
import { addDomain, removeDomain, setPrimaryDomain } from '@/lib/platform';
import { formAction } from '@/lib/web/action';
import { auditSuperuser } from './audit';
import { revalidateAdmin } from './revalidate';
import { directDb } from '@/lib/infra/db/pool';

// Domain changes go through lib/platform/tenants.ts, which commits them together with a
// pg_notify on the tenancy channel: every app process drops its host cache at once.

export const addDomainAction = formAction({
  name: 'addDomain',
  read: (form) => {
    const values = { domain: textValue(form, 'domain'), primary: checkedValue(form, 'primary') ? 'on' : '' };
    return { values, input: { schema: textValue(form, 'schema'), domain: values.domain, primary: values.primary === 'on' } };
  },
  session: () => requireSuperuser('/admin'),
  schema: addDomainInput,
  invalid: invalidInput,
  run: async (su, { schema, domain, primary }) => {
    const added = await addDomain(directDb(), schema, domain, { primary });
    await auditSuperuser(su, 'domain.add', schema, { domain, primary, verified: added.verified });
    revalidateAdmin();
    if (!added.verified)
      return { ok: true, message: `${domain} added, pending verification: create its TXT record (below), then press Verify.` };
    return { ok: true, message: primary ? `${domain} added as the primary domain.` : `${domain} added.` };
  },
});

export const removeDomainAction = formAction({
  name: 'removeDomain',
  read: (form) => ({ input: { schema: textValue(form, 'schema'), domain: textValue(form, 'domain') } }),
  session: () => requireSuperuser('/admin'),
  schema: domainInput,
  invalid: invalidInput,
  run: async (su, { schema, domain }) => {
    await removeDomain(directDb(), schema, domain);
    await auditSuperuser(su, 'domain.remove', schema, { domain });
    revalidateAdmin();
    return { ok: true, message: `${domain} removed.` };
  },
});

export const setPrimaryDomainAction = formAction({
  name: 'setPrimaryDomain',
  read: (form) => ({ input: { schema: textValue(form, 'schema'), domain: textValue(form, 'domain') } }),
  session: () => requireSuperuser('/admin'),
  schema: domainInput,
  invalid: invalidInput,
  run: async (su, { schema, domain }) => {
    await setPrimaryDomain(directDb(), schema, domain);
    await auditSuperuser(su, 'domain.primary', schema, { domain });
    revalidateAdmin();
    return { ok: true, message: `${domain} is now the primary domain.` };
  },
});
