'use server';

import { checked, failure, invalidInput, revalidateAdmin, text, type AdminActionState } from '@/lib/admin/action-state';
import { addDomainInput, domainInput } from '@/lib/admin/inputs';
import { requireSuperuser } from '@/lib/auth/session';
import { addDomain, removeDomain, setPrimaryDomain } from '@/lib/tenancy/tenants';

// Domain changes go through lib/tenancy/tenants.ts, which commits them together with a
// pg_notify on the tenancy channel: every app process drops its host cache at once.

export async function addDomainAction(_prev: AdminActionState, form: FormData): Promise<AdminActionState> {
  await requireSuperuser('/admin');
  const values = { domain: text(form, 'domain'), primary: checked(form, 'primary') ? 'on' : '' };
  const parsed = addDomainInput.safeParse({ schema: text(form, 'schema'), domain: values.domain, primary: values.primary === 'on' });
  if (!parsed.success) return invalidInput(parsed.error.issues, values);
  const { schema, domain, primary } = parsed.data;
  let added: { verified: boolean };
  try {
    added = await addDomain(schema, domain, { primary });
  } catch (err) {
    return failure(err, values, 'addDomain');
  }
  revalidateAdmin();
  if (!added.verified)
    return { ok: true, message: `${domain} added, pending verification: create its TXT record (below), then press Verify.` };
  return { ok: true, message: primary ? `${domain} added as the primary domain.` : `${domain} added.` };
}

export async function removeDomainAction(_prev: AdminActionState, form: FormData): Promise<AdminActionState> {
  await requireSuperuser('/admin');
  const parsed = domainInput.safeParse({ schema: text(form, 'schema'), domain: text(form, 'domain') });
  if (!parsed.success) return invalidInput(parsed.error.issues);
  const { schema, domain } = parsed.data;
  try {
    await removeDomain(schema, domain);
  } catch (err) {
    return failure(err, undefined, 'removeDomain');
  }
  revalidateAdmin();
  return { ok: true, message: `${domain} removed.` };
}

export async function setPrimaryDomainAction(_prev: AdminActionState, form: FormData): Promise<AdminActionState> {
  await requireSuperuser('/admin');
  const parsed = domainInput.safeParse({ schema: text(form, 'schema'), domain: text(form, 'domain') });
  if (!parsed.success) return invalidInput(parsed.error.issues);
  const { schema, domain } = parsed.data;
  try {
    await setPrimaryDomain(schema, domain);
  } catch (err) {
    return failure(err, undefined, 'setPrimaryDomain');
  }
  revalidateAdmin();
  return { ok: true, message: `${domain} is now the primary domain.` };
}
