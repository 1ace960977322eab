'use server';

import { getTranslations } from 'next-intl/server';
import { domainInput } from '@/lib/features/admin/inputs';
import { directDb } from '@/lib/infra/db/pool';
import { textValue } from '@/lib/web/form-state';
import { verifyDomain } from '@/lib/platform';
import { auditSuperuser } from './audit';
import { superuserAction } from './superuser-action';

/** The superuser's Verify button: checks the TXT record; a wrong one keeps the domain pending and says what was found. */
export const verifyDomainAction = superuserAction({
  name: 'verifyDomain',
  read: (form) => ({ input: { schema: textValue(form, 'schema'), domain: textValue(form, 'domain') } }),
  schema: domainInput,
  run: async (su, { schema, domain }) => {
    await verifyDomain(directDb(), schema, domain);
    await auditSuperuser(su, 'domain.verify', schema, { domain });
    return { ok: true, message: (await getTranslations('admin.messages'))('domainVerified', { domain }) };
  },
});
