'use server';

import { revalidatePath } from 'next/cache';
import { textValue, type FormState } from '@/components/ui/form-state';
import { requireTenantUser } from '@/lib/auth/session';
import { verifyDomain } from '@/lib/tenancy/domain-verification';
import { addDomain } from '@/lib/tenancy/tenants';
import { READ_ONLY_SENTENCE, failureState } from './failure';

// A tenant admin manages the custom domains of THIS host's tenant (never one named by the form).

export async function addCustomDomainAction(_prev: FormState, form: FormData): Promise<FormState> {
  const values = { domain: textValue(form, 'domain') };
  const ctx = await requireTenantUser({ admin: true, next: '/domains' });
  if (ctx.readOnly) return { error: READ_ONLY_SENTENCE, values };
  try {
    const d = await addDomain(ctx.tenant.schema, values.domain);
    revalidatePath('/domains');
    return d.verified
      ? { ok: true, message: `${d.domain} added.` }
      : { ok: true, message: `${d.domain} added, pending verification: create its TXT record, then press Verify.` };
  } catch (err) {
    return failureState(err, values, 'addCustomDomain');
  }
}

export async function verifyCustomDomainAction(_prev: FormState, form: FormData): Promise<FormState> {
  const domain = textValue(form, 'domain');
  const ctx = await requireTenantUser({ admin: true, next: '/domains' });
  try {
    await verifyDomain(ctx.tenant.schema, domain);
  } catch (err) {
    return failureState(err, undefined, 'verifyCustomDomain');
  }
  revalidatePath('/domains');
  return { ok: true, message: `${domain} is verified and answers now.` };
}
