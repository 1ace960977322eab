'use server';

import { failure, invalidInput, revalidateAdmin, text, type AdminActionState } from '@/lib/admin/action-state';
import { domainInput } from '@/lib/admin/inputs';
import { requireSuperuser } from '@/lib/auth/session';
import { verifyDomain } from '@/lib/tenancy/domain-verification';

/** The superuser's Verify button: checks the TXT record; a wrong one keeps the domain pending and says what was found. */
export async function verifyDomainAction(_prev: AdminActionState, form: FormData): Promise<AdminActionState> {
  await requireSuperuser('/admin');
  const parsed = domainInput.safeParse({ schema: text(form, 'schema'), domain: text(form, 'domain') });
  if (!parsed.success) return invalidInput(parsed.error.issues);
  const { schema, domain } = parsed.data;
  try {
    await verifyDomain(schema, domain);
  } catch (err) {
    return failure(err, undefined, 'verifyDomain');
  }
  revalidateAdmin();
  return { ok: true, message: `${domain} is verified and answers now.` };
}
