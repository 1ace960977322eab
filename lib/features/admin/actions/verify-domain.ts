'use server';

import { domainInput } from '@/lib/features/admin/inputs';
import { requireSuperuser } from '@/lib/features/auth/session';
import { directDb } from '@/lib/infra/db/pool';
import { textValue, invalidInput } from '@/lib/web/form-state';
import { verifyDomain } from '@/lib/platform';
import { formAction } from '@/lib/web/action';
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
