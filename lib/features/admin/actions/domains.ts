'use server';

import { getTranslations } from 'next-intl/server';
import { addDomainInput, domainInput } from '@/lib/features/admin/inputs';
import { checkedValue, textValue } from '@/lib/web/form-state';
import { addDomain, removeDomain, setPrimaryDomain } from '@/lib/platform';
import { auditSuperuser } from './audit';
import { superuserAction } from './superuser-action';
import { directDb } from '@/lib/infra/db/pool';

// Domain changes go through lib/platform/tenants.ts, which commits them together with a
// pg_notify on the tenancy channel: every app process drops its host cache at once.

export const addDomainAction = superuserAction({
  name: 'addDomain',
  read: (form) => {
    const values = { domain: textValue(form, 'domain'), primary: checkedValue(form, 'primary') ? 'on' : '' };
    return { values, input: { schema: textValue(form, 'schema'), domain: values.domain, primary: values.primary === 'on' } };
  },
  schema: addDomainInput,
  run: async (su, { schema, domain, primary }) => {
    const added = await addDomain(directDb(), schema, domain, { primary });
    await auditSuperuser(su, 'domain.add', schema, { domain, primary, verified: added.verified });
    const t = await getTranslations('admin.messages');
    if (!added.verified) return { ok: true, message: t('domainPending', { domain }) };
    return { ok: true, message: primary ? t('domainAddedPrimary', { domain }) : t('domainAdded', { domain }) };
  },
});

export const removeDomainAction = superuserAction({
  name: 'removeDomain',
  read: (form) => ({ input: { schema: textValue(form, 'schema'), domain: textValue(form, 'domain') } }),
  schema: domainInput,
  run: async (su, { schema, domain }) => {
    await removeDomain(directDb(), schema, domain);
    await auditSuperuser(su, 'domain.remove', schema, { domain });
    return { ok: true, message: (await getTranslations('admin.messages'))('domainRemoved', { domain }) };
  },
});

export const setPrimaryDomainAction = superuserAction({
  name: 'setPrimaryDomain',
  read: (form) => ({ input: { schema: textValue(form, 'schema'), domain: textValue(form, 'domain') } }),
  schema: domainInput,
  run: async (su, { schema, domain }) => {
    await setPrimaryDomain(directDb(), schema, domain);
    await auditSuperuser(su, 'domain.primary', schema, { domain });
    return { ok: true, message: (await getTranslations('admin.messages'))('domainPrimary', { domain }) };
  },
});
