'use server';

import { domainInput } from '@/lib/admin/inputs';
import { requireSuperuser } from '@/lib/auth/session';
import { directDb } from '@/lib/db/pool';
import { textValue, invalidInput } from '@/lib/forms/form-state';
import { verifyDomain } from '@/lib/tenancy';
import { formAction } from '../action';
import { auditSuperuser } from './audit';
import { revalidateAdmin } from './revalidate';

/** The superuser's Verify button: checks the TXT record; a wrong one keeps the domain pending and says what was found. */
export const verifyDomainAction = formAction({
  name: 'verifyDomain',
  read: (form) => ({ input: { schema: textValue(form, 'schema'), domain: textValue(form, 'domain') } }),
  session: () => requireSuperuser('/admin'),
  schema: domainInput,
  invalid: invalidInput,
  run: async (su, { schema, domain }) => {
    await verifyDomain(directDb(), schema, domain);
    await auditSuperuser(su, 'domain.verify', schema, { domain });
    revalidateAdmin();
    return { ok: true, message: `${domain} is verified and answers now.` };
  },
});
